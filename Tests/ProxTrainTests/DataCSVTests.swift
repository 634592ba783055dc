import ProxTrain
import Testing

@Suite("Data: CSV")
struct DataCSVTests {
    @Test("integer labels in the first column, no header")
    func plain() throws {
        let t = try CSVTable.parse("0,1.5,2\n1, -3 ,4e-1\n", file: "a.csv")
        #expect(t.header == nil && t.columnCount == 3 && t.labelColumn == 0)
        #expect(t.features == [1.5, 2, -3, 0.4])
        #expect(t.labels == ["0", "1"])
        #expect(t.lines == [1, 2])
    }

    @Test("header detected, CRLF, comments, blank lines, quotes")
    func header() throws {
        let text = "# iris sample\r\n\"species\",\"sepal length\",width\r\n\r\nsetosa,5.1,3.5\r\n\"vir,\"\"ginica\"\"\", 6.3 ,\"3.3\"\r\n"
        let t = try CSVTable.parse(text, file: "iris.csv")
        #expect(t.header == ["species", "sepal length", "width"])
        #expect(t.labels == ["setosa", "vir,\"ginica\""])
        #expect(t.features == [5.1, 3.5, 6.3, 3.3])
        #expect(t.lines == [4, 5])
    }

    @Test("label column by name, or from the end; other delimiters")
    func labelColumn() throws {
        let text = "a;y;b\n1;7;2\n3;8;4\n"
        let byName = try CSVTable.parse(text, file: "f", options: CSVOptions(label: .name("y"), delimiter: ";"))
        #expect(byName.labelColumn == 1 && byName.features == [1, 2, 3, 4] && byName.labels == ["7", "8"])
        let last = try CSVTable.parse("1\t2\t0\n3\t4\t1\n", file: "f", options: CSVOptions(label: .index(-1), delimiter: "\t"))
        #expect(last.labelColumn == 2 && last.features == [1, 2, 3, 4] && last.labels == ["0", "1"])
    }

    @Test("parse errors carry file:line:column and the reason")
    func errors() {
        func message(_ text: String, _ options: CSVOptions = CSVOptions()) -> String? {
            dataErrorMessage { _ = try CSVTable.parse(text, file: "d.csv", options: options) }
        }
        #expect(message("0,1,2\n1,x1,3\n") == "d.csv:2:3: 'x1' is not a number")
        #expect(message("y,a,b\n0,1,2\n1,1, \n") == "d.csv:3:6: empty field (column 'b')")
        #expect(message("0,1,2\n1,2\n") == "d.csv:2:4: 2 fields, expected 3")
        #expect(message("0,1,2\n1,2,3,4\n") == "d.csv:2:7: 4 fields, expected 3")
        #expect(message("0,1,2\n1,nan,3\n") == "d.csv:2:3: 'nan' is not a finite number")
        #expect(message("0,1,2\n,1,2\n") == "d.csv:2:1: empty label")
        #expect(message("0,\"1,2\n") == "d.csv:1:3: unterminated quoted field")
        #expect(message("0,\"1\"x,2\n") == "d.csv:1:6: unexpected 'x' after a quoted field")
        #expect(message("\n# only a comment\n") == "d.csv: no data (the file is empty)")
        #expect(message("y,a\n") == "d.csv: no data rows after the header")
        #expect(message("1\n2\n") == "d.csv:1: one column; expected a label column and at least one feature column (is the delimiter ','?)")
        #expect(message("y,a\n0,1\n", CSVOptions(label: .name("z")))
            == "d.csv:1: no column named 'z' (columns: y, a)")
        #expect(message("0,1\n", CSVOptions(label: .index(2))) == "d.csv:1: label column 2 is out of range (2 columns)")
        #expect(message("0,1\n", CSVOptions(label: .name("y"), header: false))
            == "d.csv:1: label column 'y' given by name, but the file has no header")
    }

    @Test("loader: text labels become sorted class names; a fraction becomes a stratified test split")
    func loadFraction() throws {
        try withTemporaryDirectory { dir in
            var text = "kind,x,y\n"
            for i in 0 ..< 20 { text += "\(["dog", "cat"][i % 2]),\(i),\(i * 2)\n" }
            try writeText(text, to: dir + "/pets.csv")
            let data = try CSVLoader.load(dir + "/pets.csv", options: CSVOptions(testFraction: 0.2, seed: 4))
            #expect(data.name == "csv:\(dir)/pets.csv")
            #expect(data.classNames == ["cat", "dog"] && data.classCount == 2 && data.featureCount == 2)
            #expect(data.train.count == 16 && data.test.classCounts(2) == [2, 2])
            for split in [data.train, data.test] {
                for i in 0 ..< split.count {   // row i of the file holds x = i, y = 2i, kind by parity
                    let x = Int(split.row(i).first!)
                    #expect(split.row(i).last! == Float(2 * x))
                    #expect(split.labels[i] == (x % 2 == 0 ? 1 : 0))
                }
            }
        }
    }

    @Test("loader: a second file is the test split; integer labels are class indices")
    func loadTestFile() throws {
        try withTemporaryDirectory { dir in
            try writeText("0,1,1\n3,2,2\n", to: dir + "/train.csv")
            try writeText("1,5,5\n", to: dir + "/test.csv")
            let data = try CSVLoader.load(dir + "/train.csv", options: CSVOptions(testFile: dir + "/test.csv"))
            #expect(data.classCount == 4 && data.classNames == nil)
            #expect(data.train.labels == [0, 3] && data.test.labels == [1] && data.test.features == [5, 5])
            try writeText("1,5\n", to: dir + "/narrow.csv")
            #expect(dataErrorMessage {
                _ = try CSVLoader.load(dir + "/train.csv", options: CSVOptions(testFile: dir + "/narrow.csv"))
            } == "\(dir)/narrow.csv: 2 columns with the label in column 0, but \(dir)/train.csv has 3 with the label in column 0")
        }
    }

    @Test("loader: -1/1 labels are numbered in numeric order; a missing file is named")
    func signedLabels() throws {
        try withTemporaryDirectory { dir in
            try writeText("1,0.5\n-1,0.25\n10,0\n", to: dir + "/s.csv")
            let data = try CSVLoader.load(dir + "/s.csv", options: CSVOptions(testFraction: 0))
            #expect(data.classNames == ["-1", "1", "10"])
            #expect(data.train.count == 3 && data.test.isEmpty)
            #expect(Set(zip(data.train.features, data.train.labels).map { "\($0)=\($1)" }) == ["0.5=1", "0.25=0", "0.0=2"])
            #expect(dataErrorMessage { _ = try CSVLoader.load(dir + "/none.csv") } == "\(dir)/none.csv: no such file")
        }
    }
}

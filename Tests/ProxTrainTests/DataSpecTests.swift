import ProxTrain
import Testing

@Suite("Data: dataset specs and the catalog")
struct DataSpecTests {
    @Test("bare names take the documented defaults")
    func defaults() throws {
        let moons = try DatasetSpec.parse("moons")
        guard case .toy(let toy) = moons.source else { Issue.record("not a toy set"); return }
        #expect(toy.shape == .moons && toy.n == 1000 && toy.noise == 0.1 && toy.seed == 0 && toy.testFraction == 0.2)
        #expect(moons.standardization == nil)
        #expect(try DatasetSpec.parse("fashion-mnist") == DatasetSpec(.fashionMNIST(directory: nil), standardization: .global))
        #expect(try DatasetSpec.parse("fmnist") == DatasetSpec(.fashionMNIST(directory: nil)))
        #expect(try DatasetSpec.parse("idx:/data/mnist") == DatasetSpec(.idx(directory: "/data/mnist"), standardization: .global))
        #expect(try DatasetSpec.parse("csv:x.csv") == DatasetSpec(.csv(path: "x.csv", options: CSVOptions()), standardization: .perFeature))
    }

    @Test("options are read, and the canonical text leaves defaults out and round-trips")
    func options() throws {
        let cases: [(String, String)] = [
            ("moons", "moons"),
            ("moons:seed=3,noise=0.2,n=400", "moons:n=400,noise=0.2,seed=3"),
            ("moons:noise=0.1,test=0.2", "moons"),
            ("circles:factor=0.3", "circles:factor=0.3"),
            ("spirals:turns=2,std=feature", "spirals:turns=2.0,std=feature"),
            ("xor:test=0.5", "xor:test=0.5"),
            ("blobs:noise=0,k=5", "blobs:k=5,noise=0.0"),
            ("fashion-mnist:dir=/tmp/f,std=none", "fashion-mnist:dir=/tmp/f,std=none"),
            ("idx:/m,std=global", "idx:/m"),
            ("csv:/d/iris.csv,label=species,header=yes,sep=tab,test=0.3,seed=2",
             "csv:/d/iris.csv,label=species,header=yes,sep=tab,test=0.3,seed=2"),
            ("csv:a.csv,label=-1,testfile=b.csv,std=global", "csv:a.csv,label=-1,testfile=b.csv,std=global"),
        ]
        for (input, canonical) in cases {
            let spec = try DatasetSpec.parse(input)
            #expect(spec.description == canonical, "\(input)")
            #expect(try DatasetSpec.parse(canonical) == spec, "\(canonical)")
        }
        guard case .toy(let blobs) = try DatasetSpec.parse("blobs:k=5,n=50,seed=9").source else { return }
        #expect(blobs.k == 5 && blobs.n == 50 && blobs.seed == 9)
        guard case .csv(_, let o) = try DatasetSpec.parse("csv:f,label=2,sep=;").source else { return }
        #expect(o.label == .index(2) && o.delimiter == ";")
    }

    @Test("every mistake is one line naming the option")
    func errors() {
        let cases: [(String, String)] = [
            ("moon", "unknown dataset 'moon': expected one of moons, circles, spirals, xor, blobs, fashion-mnist, idx:DIR, csv:FILE"),
            ("data/iris.csv", "unknown dataset 'data/iris.csv': expected one of moons, circles, spirals, xor, blobs, "
                + "fashion-mnist, idx:DIR, csv:FILE (for a file, write csv:data/iris.csv or idx:data/iris.csv)"),
            ("moons:nosie=0.1", "moons: unknown option 'nosie' (options: n, noise, seed, test, std)"),
            ("moons:k=3", "moons: unknown option 'k' (options: n, noise, seed, test, std)"),
            ("moons:noise=abc", "moons: noise must be a number in [0.0, 10.0], got 'abc'"),
            ("moons:noise=-0.1", "moons: noise must be a number in [0.0, 10.0], got '-0.1'"),
            ("moons:n=1.5", "moons: n must be an integer in 2...10000000, got '1.5'"),
            ("blobs:k=1", "blobs: k must be an integer in 2...64, got '1'"),
            ("blobs:k=5,n=4", "blobs: n must be an integer in 5...10000000, got '4'"),
            ("circles:factor=1", "circles: factor must be a number in (0.0, 1.0), got '1'"),
            ("spirals:turns=0", "spirals: turns must be a number in (0.0, 20.0], got '0'"),
            ("xor:test=1", "xor: test must be a number in [0.0, 1.0), got '1'"),
            ("xor:seed=-1", "xor: seed must be a non-negative integer, got '-1'"),
            ("xor:n=10,n=20", "xor: option 'n' given twice"),
            ("xor:noise", "xor: expected key=value, got 'noise'"),
            ("xor:,", "xor: expected key=value, got ''"),
            ("xor:std=zscore", "xor: std must be one of feature, global, none, got 'zscore'"),
            ("fashion-mnist:dir=", "fashion-mnist: dir needs a value"),
            ("idx", "idx: needs a directory, as in idx:/path/to/mnist"),
            ("idx:std=none", "idx: needs a directory, as in idx:/path/to/mnist"),
            ("csv:", "csv: needs a file, as in csv:/path/to/data.csv"),
            ("csv:a.csv,header=maybe", "csv: header must be one of auto, no, yes, got 'maybe'"),
            ("csv:a.csv,test=0.1,testfile=b.csv", "csv: give either test (a fraction) or testfile, not both"),
        ]
        for (input, expected) in cases {
            #expect(dataErrorMessage { _ = try DatasetSpec.parse(input) } == expected, "\(input)")
        }
    }

    @Test("loading a toy spec: sizes, name, determinism, standardization on request")
    func loadToy() throws {
        let data = try DatasetSpec.parse("blobs:k=4,n=400,seed=7").load()
        #expect(data.name == "blobs:k=4,n=400,seed=7")
        #expect(data.classCount == 4 && data.train.count == 320 && data.test.count == 80)
        #expect(data.standardization == nil)
        #expect(try DatasetSpec.parse("blobs:seed=7,k=4,n=400").load() == data)
        let standardized = try DatasetSpec.parse("blobs:k=4,n=400,seed=7,std=feature").load()
        #expect(standardized.standardization?.mode == .perFeature)
        #expect(standardized.train.labels == data.train.labels)
    }

    @Test("loading CSV and IDX specs applies their default standardization")
    func loadFiles() throws {
        try withTemporaryDirectory { dir in
            try writeText("y,a,b\n0,1,100\n1,3,300\n0,5,500\n1,7,700\n", to: dir + "/t.csv")
            let csv = try DatasetSpec.parse("csv:\(dir)/t.csv,test=0").load()
            #expect(csv.name == "csv:\(dir)/t.csv,test=0.0")
            #expect(csv.standardization?.mean == [4, 400])
            try DataIDXDirectoryTests.writeSet(in: dir)
            let idx = try DatasetSpec.parse("idx:\(dir)").load()
            #expect(idx.name == "idx:\(dir)" && idx.standardization?.mode == .global)
            #expect(dataErrorMessage { _ = try DatasetSpec.parse("fashion-mnist:dir=\(dir)/none").load() }?
                .hasPrefix("Fashion-MNIST not found in \(dir)/none: install it with") == true)
        }
    }

    @Test("the catalog lists every name with one line each")
    func catalog() throws {
        let lines = DatasetCatalog.listing().split(separator: "\n")
        #expect(lines.count == DatasetCatalog.entries.count)
        #expect(lines[0].hasPrefix("moons          two interleaving half circles"))
        for entry in DatasetCatalog.entries where !entry.name.contains(":") {
            #expect(try DatasetSpec.parse(entry.name).description == entry.name)
        }
        #expect(DatasetCatalog.listing(usage: true).contains("moons[:n=1000,noise=0.1,seed=0,test=0.2]"))
    }
}

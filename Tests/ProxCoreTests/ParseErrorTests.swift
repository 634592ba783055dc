import Foundation
import ProxCore
import Testing
import TestHelpers

/// A bad expression, the column its error must point at, and words the
/// message must contain.
struct BadExpression: Sendable, CustomTestStringConvertible {
    let text: String
    let column: Int
    let words: [String]
    init(_ text: String, column: Int, _ words: String...) { self.text = text; self.column = column; self.words = words }
    var testDescription: String { "\"\(text)\"" }
}

@Suite struct ParseErrorTests {
    static let cases: [BadExpression] = [
        // unknown pieces, at the piece's column, with a suggestion
        BadExpression("sgn", column: 1, "unknown piece 'sgn'", "did you mean 'sign'?", "pieces: id, sign"),
        BadExpression("sign . sgn(5)", column: 8, "unknown piece 'sgn'"),
        BadExpression("2 * tanh(1) + hardtan", column: 15, "unknown piece 'hardtan'", "did you mean 'hardtanh'?"),
        BadExpression("foo", column: 1, "unknown piece 'foo'"),
        BadExpression("id . mu", column: 8, "expected '*' after the coefficient mu"),
        // wrong argument counts, at the piece's column
        BadExpression("clip(1, 2)", column: 1, "clip takes 1 argument (a), got 2"),
        BadExpression("id + clip()", column: 6, "clip takes 1 argument (a), got 0"),
        BadExpression("tanh", column: 1, "tanh takes 1 argument (b), got 0"),
        BadExpression("lq(1)", column: 1, "lq takes 2 arguments (k, r), got 1"),
        BadExpression("sign . sign(1)", column: 8, "sign takes no arguments, got 1"),
        BadExpression("hardtanh(1)", column: 10, "expected ')'", "hardtanh takes no arguments"),
        // unclosed and stray parentheses
        BadExpression("clip(1", column: 7, "expected ')' to close clip's arguments", "end of text"),
        BadExpression("(sign . id", column: 11, "expected ')' to close the parenthesis"),
        BadExpression("tanh((1 + mu)", column: 14, "expected ')'"),
        BadExpression("sign)", column: 5, "unexpected ')' after the expression"),
        BadExpression("()", column: 2, "expected a quantizer"),
        // parameter domains, at the argument's column
        BadExpression("lq(0, -2)", column: 7, "lq needs r > -1", "got r = -2"),
        BadExpression("lq(-0.5, 0)", column: 4, "lq needs k >= 0"),
        BadExpression("clip(-1)", column: 6, "clip needs a > 0"),
        BadExpression("sign . signswish(0)", column: 18, "signswish needs b > 0"),
        BadExpression("scale(1 / 0)", column: 7, "infinite"),
        BadExpression("tanh(0 / 0)", column: 6, "NaN"),
        BadExpression("scale(1e999)", column: 7, "number 1e999 is out of range"),
        // empty text, trailing garbage, stray characters
        BadExpression("", column: 1, "empty expression"),
        BadExpression("   ", column: 4, "empty expression"),
        BadExpression("sign sign", column: 6, "unexpected 'sign' after the expression"),
        BadExpression("clip(1) 2", column: 9, "unexpected number 2 after the expression"),
        BadExpression("sign # id", column: 6, "unexpected character '#'"),
        BadExpression("sign . é", column: 8, "unexpected character 'é'"),
        BadExpression("sign +", column: 7, "expected a quantizer", "end of text"),
        BadExpression("sign . . id", column: 8, "expected a quantizer", "'.'"),
        BadExpression("2 sign", column: 3, "expected '*' after the coefficient 2"),
        BadExpression("clip(x)", column: 6, "unknown name 'x' in a parameter"),
        BadExpression("clip(1 +)", column: 9, "expected a number, mu or lr"),
        // bad pwl
        BadExpression("pwl", column: 4, "expected '(' after pwl"),
        BadExpression("pwl(0, 1)", column: 5, "expected '(' to open a point"),
        BadExpression("pwl((0, 0))", column: 1, "pwl needs at least 2 points, got 1"),
        BadExpression("pwl((1, 0), (0, 1))", column: 1, "strictly increasing x", "point 2"),
        BadExpression("pwl((0, 0), (0, 1))", column: 1, "strictly increasing x"),
        BadExpression("pwl((0, mu), (1, 1))", column: 6, "pwl points must be numbers"),
        BadExpression("pwl((0 0), (1, 1))", column: 8, "expected ','"),
        BadExpression("pwl((0, 0), (1, 1)", column: 19, "expected ')' to close pwl's points"),
    ]

    @Test(arguments: cases as [BadExpression])
    func errorColumnAndMessage(_ c: BadExpression) {
        guard let error = parseError(c.text) else {
            Issue.record("\"\(c.text)\" parsed, but should not")
            return
        }
        #expect(error.column == c.column, "\"\(c.text)\": \(error)")
        for word in c.words {
            #expect(error.message.contains(word), "\"\(c.text)\": message \"\(error.message)\" lacks \"\(word)\"")
        }
        #expect(error.text == c.text)
        #expect(!error.message.contains("\n"), "one line")
        #expect(error.description == "column \(error.column): \(error.message)")
    }

    /// A parameter that follows mu is checked against the schedule, not at
    /// parse time, even when the piece's other parameter is a constant:
    /// `lq(0, mu - 2)` is fine for mu > 1 (PC-style with a later start).
    @Test(arguments: ["lq(0, mu - 2)", "lq(mu - 2, 0)", "lq(0.5, mu - 3)"] as [String])
    func muDependentParameterIsNotCheckedAtParseTime(_ text: String) throws {
        #expect(parseError(text) == nil, "\"\(text)\": \(parseError(text).map(String.init(describing:)) ?? "")")
    }

    /// The caret sits under the column, with tabs and newlines shown as spaces
    /// so the caret line stays aligned.
    @Test func caretLines() {
        let e1 = parseError("sign . sgn")!
        #expect(e1.caretLines == ["sign . sgn", "       ^"])
        let e2 = parseError("clip(1")!
        #expect(e2.caretLines == ["clip(1", "      ^"])   // after the last character
        let e3 = parseError("sign\t.\tsgn")!
        #expect(e3.column == 8)
        #expect(e3.caretLines == ["sign . sgn", "       ^"])
        let e4 = parseError("")!
        #expect(e4.caretLines == ["", "^"])
        let e5 = parseError("sign .\nfoo")!
        #expect(e5.caretLines == ["sign . foo", "       ^"])
        // The caret is under the character the column names.
        for c in Self.cases {
            guard let e = parseError(c.text) else { continue }
            let lines = e.caretLines
            #expect(lines.count == 2)
            #expect(lines[1] == String(repeating: " ", count: e.column - 1) + "^", "\"\(c.text)\"")
            let shown = Array(lines[0])
            if e.column <= shown.count {
                let expected = Array(c.text)[e.column - 1]
                let under = shown[e.column - 1]
                #expect(under == expected || (expected.isWhitespace && under == " "), "\"\(c.text)\": caret under '\(under)'")
            }
        }
    }

    @Test func paramParseErrors() {
        func error(_ text: String) -> ParseError? {
            do { _ = try Param(parsing: text); return nil } catch { return error }
        }
        #expect(error("mu - ")?.column == 6)
        #expect(error("mu mu")?.column == 4)
        #expect(error("(mu")?.message.contains("expected ')'") == true)
        #expect(error("sign")?.message.contains("unknown name 'sign'") == true)
        #expect(error("")?.column == 1)
        #expect(error("2 ^ ^ 3")?.column == 5)
    }

    /// 10,000 levels of nesting give an error (the depth limit), not a
    /// stack overflow; moderate nesting still parses.
    @Test func deepNestingIsAnError() {
        let n = 10_000
        let texts = [
            String(repeating: "(", count: n) + "sign" + String(repeating: ")", count: n),
            String(repeating: "(", count: n) + "sign",
            String(repeating: "-", count: n) + "sign",
            String(repeating: "2 * ", count: n) + "sign",
            "scale(" + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + ")",
            "scale(" + String(repeating: "2 ^ ", count: n) + "1)",
            "scale(" + String(repeating: "-", count: n) + "1)",
            String(repeating: "sign . (", count: n) + "id" + String(repeating: ")", count: n),
            String(repeating: "(", count: n) + "2) * sign",
        ]
        for text in texts {
            guard let e = parseError(text) else {
                Issue.record("\(text.prefix(20))... (\(text.count) characters) parsed")
                continue
            }
            #expect(e.column >= 1 && e.column <= text.count + 1)
            #expect(e.message.contains("nested deeper"), "\(text.prefix(12))...: \(e.message)")
        }
        let moderate = String(repeating: "(", count: 12) + "sign" + String(repeating: ")", count: 12)
        #expect(parseError(moderate) == nil)
        #expect(parseError(String(repeating: "tanh(1) . ", count: 500) + "sign") == nil, "long flat chains are not nesting")
    }
}

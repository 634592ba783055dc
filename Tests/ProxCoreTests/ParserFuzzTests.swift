import Foundation
import ProxCore
import Testing
import TestHelpers

/// Random text into the parsers: nothing may trap, every failure is a
/// ParseError whose column lies in 1...count + 1, and every success prints
/// back to text that parses to the same tree.
@Suite struct ParserFuzzTests {
    /// The grammar's characters (letters of the piece names, digits, symbols,
    /// spaces) weighted up, plus junk: other ASCII, control characters,
    /// combining marks, emoji, a flag of two scalars.
    static let grammar: [Character] = Array("signclptahxwrouqmdyebk0123456789.,()+-*/^ _eE\t")
    static let junk: [Character] = Array("#@!$%&[]{}<>?;:'\"\\|`~=\u{0}\u{7f}é∑µ\u{301}🙂🇨🇦\r\n")

    struct Outcome {
        var parsed = 0
        var failed = 0
        var problems: [String] = []
    }

    static func exercise(_ text: String, _ outcome: inout Outcome) {
        do {
            let tree = try Quantizer(parsing: text)
            outcome.parsed += 1
            let printed = tree.description
            do {
                let again = try Quantizer(parsing: printed)
                if again != tree, outcome.problems.count < 5 {
                    outcome.problems.append("\"\(text)\" printed as \"\(printed)\" parses to another tree")
                }
            } catch {
                if outcome.problems.count < 5 { outcome.problems.append("\"\(text)\" printed as \"\(printed)\" fails: \(error)") }
            }
        } catch {
            outcome.failed += 1
            let count = text.count
            if !(1...(count + 1)).contains(error.column) || error.message.isEmpty || error.text != text,
               outcome.problems.count < 5 {
                outcome.problems.append("\"\(text)\" (\(count) characters): column \(error.column), message \"\(error.message)\"")
            }
            if error.caretLines.count != 2, outcome.problems.count < 5 {
                outcome.problems.append("\"\(text)\": caret lines \(error.caretLines)")
            }
        }
    }

    /// 100,000 random strings of length 0-40.
    @Test func randomStrings() {
        var rng = SplitMix64(seed: 0xF022_0001)
        var outcome = Outcome()
        for _ in 0..<100_000 {
            let length = Int(rng.next() % 41)
            var s = ""
            for _ in 0..<length {
                let pool = rng.next() % 10 < 8 ? Self.grammar : Self.junk
                s.append(pool[Int(rng.next() % UInt64(pool.count))])
            }
            Self.exercise(s, &outcome)
        }
        #expect(outcome.problems.isEmpty, "\(outcome.problems.joined(separator: "\n"))")
        #expect(outcome.parsed + outcome.failed == 100_000)
    }

    /// 100,000 mutations (1-3 insertions, deletions or replacements of
    /// characters or whole tokens) of valid expressions: the presets', the
    /// README's and generated ones.
    @Test func mutationsOfValidExpressions() {
        var gen = ExpressionGenerator(seed: 0xF022_0002, maximumDepth: 3)
        var seeds = ["sign", "clip(1)", "approxsign", "signswish(5)", "signswish(mu) . sign", "lq(0, mu - 1)",
                     "lq(mu, 0)", "id", "pwl((-1, -1), (0, 0.5), (1, 1))", "2 * clip(1) + id",
                     "(mu - 1) * tanh(1)", "sign - 2 * clip(1)", "(2 ^ (mu / 10)) * tanh(mu ^ -1)"]
        while seeds.count < 300 {
            let text = gen.quantizer().description
            if text.count <= 60 { seeds.append(text) }   // short seeds keep 100,000 parses to a few seconds
        }
        let tokens = ["sign", "clip(", "mu", "(", ")", ",", ".", "*", "-", "^", "lq(0, ", "pwl((", "1e", "0.5", "  ", "hardtanh"]
        var rng = SplitMix64(seed: 0xF022_0003)
        var outcome = Outcome()
        for _ in 0..<100_000 {
            var chars = Array(seeds[Int(rng.next() % UInt64(seeds.count))])
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let position = chars.isEmpty ? 0 : Int(rng.next() % UInt64(chars.count + 1))
                let all = Self.grammar + Self.junk
                switch rng.next() % 4 {
                case 0: chars.insert(all[Int(rng.next() % UInt64(all.count))], at: position)
                case 1: if position < chars.count { chars.remove(at: position) }
                case 2: if position < chars.count { chars[position] = all[Int(rng.next() % UInt64(all.count))] }
                default: chars.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: position)
                }
            }
            Self.exercise(String(chars), &outcome)
        }
        #expect(outcome.problems.isEmpty, "\(outcome.problems.joined(separator: "\n"))")
        // Mutations keep a good share valid, so both branches are exercised.
        #expect(outcome.parsed > 5_000 && outcome.failed > 5_000, "parsed \(outcome.parsed), failed \(outcome.failed)")
    }

    /// Whether every number a stepwise schedule could read as an epoch fits
    /// in an Int: no operators that build big numbers, no long digit runs.
    static func epochsFitInInt(_ s: String) -> Bool {
        if s.contains(where: { "^*/".contains($0) }) { return false }
        var run = 0
        for c in s {
            run = c.isASCII && c.isNumber ? run + 1 : 0
            if run >= 15 { return false }
        }
        return true
    }

    /// Parameters and schedules get the same treatment (20,000 each); schedule
    /// texts stay short of epochs that do not fit in an Int, which have their
    /// own test.
    @Test func paramAndScheduleTexts() {
        var rng = SplitMix64(seed: 0xF022_0004)
        let scheduleWords = ["constant(", "linear(", "exponential(", "cumulativeLR(", "stepwise(", "(0, 1)", "(3, 10)", ", "]
        var problems: [String] = []
        for i in 0..<40_000 {
            var s = ""
            let length = Int(rng.next() % 30)
            for _ in 0..<length {
                if i >= 20_000, rng.next() % 3 == 0 {
                    s += scheduleWords[Int(rng.next() % UInt64(scheduleWords.count))]
                } else {
                    let pool = rng.next() % 10 < 8 ? Self.grammar : Self.junk
                    let c = pool[Int(rng.next() % UInt64(pool.count))]
                    if i >= 20_000 && (c == "e" || c == "E") { continue }   // keep epochs small
                    s.append(c)
                }
            }
            if i >= 20_000, s.lowercased().contains("stepwise"), !Self.epochsFitInInt(s) { continue }
            do {
                if i < 20_000 {
                    let p = try Param(parsing: s)
                    if (try? Param(parsing: p.description)) != p { problems.append("param \"\(s)\" -> \"\(p)\"") }
                } else {
                    let sch = try Schedule(parsing: s)
                    if (try? Schedule(parsing: sch.description)) != sch { problems.append("schedule \"\(s)\" -> \"\(sch)\"") }
                }
            } catch {
                if !(1...(s.count + 1)).contains(error.column) { problems.append("\"\(s)\": column \(error.column)") }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "\n"))")
    }
}

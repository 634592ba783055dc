import Foundation
import ProxCore
import Testing
import TestHelpers

/// docs/THEORY.md section 5: how mu moves along a run.
@Suite struct ScheduleTests {
    static func at(_ fraction: Double, epoch: Int = 0, lrSum: Double = 0) -> TrainingProgress {
        TrainingProgress(fraction: fraction, epoch: epoch, learningRateSum: lrSum)
    }

    @Test func constant() {
        let s = Schedule.constant(3.5)
        for f in [0, 0.3, 1] { #expect(s.mu(at: Self.at(f)) == 3.5) }
        #expect(s.checkPoints == [3.5])
        #expect(s.finalMu == 3.5)
    }

    /// start + (end - start) * fraction, clamped to [0, 1].
    @Test func linear() {
        let s = Schedule.linear(5, 50)
        #expect(s.mu(at: Self.at(0)) == 5)
        #expect(s.mu(at: Self.at(0.5)) == 27.5)
        #expect(s.mu(at: Self.at(1)) == 50)
        #expect(isClose(s.mu(at: Self.at(0.1)), 9.5, rtol: 1e-15))
        #expect(s.mu(at: Self.at(-1)) == 5)
        #expect(s.mu(at: Self.at(2)) == 50)
        #expect(s.checkPoints == [5, 16.25, 27.5, 38.75, 50])
        #expect(Schedule.linear(3, 0).mu(at: Self.at(0.5)) == 1.5)
    }

    /// start * (end / start) ^ fraction: equal ratios.
    @Test func exponential() {
        let s = Schedule.exponential(1, 1000)
        #expect(s.mu(at: Self.at(0)) == 1)
        #expect(isClose(s.mu(at: Self.at(1)), 1000, rtol: 1e-14))
        #expect(isClose(s.mu(at: Self.at(1.0 / 3)), 10, rtol: 1e-14))
        #expect(isClose(s.mu(at: Self.at(0.5)), 1000.0.squareRoot(), rtol: 1e-14))
        #expect(isClose(s.mu(at: Self.at(2)), 1000, rtol: 1e-14))
        let points = s.checkPoints
        #expect(points.count == 5)
        for i in 1..<points.count { #expect(isClose(points[i] / points[i - 1], pow(1000, 0.25), rtol: 1e-12)) }
        #expect(isClose(Schedule.exponential(8, 2).mu(at: Self.at(0.5)), 4, rtol: 1e-15))
    }

    /// 1 + c * (sum of learning rates so far), independent of the fraction.
    @Test func cumulativeLR() {
        let s = Schedule.cumulativeLR(100)
        #expect(s.mu(at: Self.at(0.7, lrSum: 0)) == 1)
        #expect(isClose(s.mu(at: Self.at(0.2, lrSum: 0.05)), 6, rtol: 1e-15))
        #expect(isClose(s.mu(at: Self.at(1, lrSum: 3)), 301, rtol: 1e-15))
        // The checks assume a learning-rate sum of 3 (5 epochs x 600 steps x 1e-3).
        #expect(Schedule.nominalLearningRateSum == 3)
        #expect(s.checkPoints == [1, 76, 151, 226, 301])
    }

    /// The value of the last step whose epoch has been reached.
    @Test func stepwise() {
        let s = Schedule.stepwise([ScheduleStep(epoch: 0, value: 1), ScheduleStep(epoch: 3, value: 10), ScheduleStep(epoch: 5, value: 100)])
        let expected: [(epoch: Int, mu: Double)] = [(0, 1), (1, 1), (2, 1), (3, 10), (4, 10), (5, 100), (40, 100)]
        for e in expected { #expect(s.mu(at: Self.at(0.5, epoch: e.epoch)) == e.mu, "epoch \(e.epoch)") }
        #expect(s.checkPoints == [1, 10, 100])
        // Before the first listed epoch: the first value.
        let late = Schedule.stepwise([ScheduleStep(epoch: 2, value: 7), ScheduleStep(epoch: 4, value: 9)])
        #expect(late.mu(at: Self.at(0, epoch: 0)) == 7)
        #expect(late.mu(at: Self.at(0, epoch: 4)) == 9)
    }

    @Test(arguments: [
        ("constant(1)", Schedule.constant(1)),
        ("constant(-0.5)", .constant(-0.5)),
        ("linear(5, 50)", .linear(5, 50)),
        ("exponential(1, 1000)", .exponential(1, 1000)),
        ("cumulativeLR(100)", .cumulativeLR(100)),
        ("stepwise((0, 1), (3, 10))", .stepwise([ScheduleStep(epoch: 0, value: 1), ScheduleStep(epoch: 3, value: 10)])),
        ("stepwise((0, 0.25))", .stepwise([ScheduleStep(epoch: 0, value: 0.25)])),
        ("linear(0.1, 1e-3)", .linear(0.1, 0.001)),
    ] as [(String, Schedule)])
    func textRoundTrip(text: String, schedule: Schedule) throws {
        let parsed = try Schedule(parsing: text)
        #expect(parsed == schedule)
        #expect(try Schedule(parsing: parsed.description) == schedule, "\(parsed.description)")
        #expect(try Schedule(parsing: schedule.description) == schedule)
    }

    /// Names are case-insensitive, arguments may be constant arithmetic, and
    /// the printed form is canonical.
    @Test func lenientInputCanonicalOutput() throws {
        #expect(try Schedule(parsing: "CumulativeLR(2 * 50)") == .cumulativeLR(100))
        #expect(try Schedule(parsing: "LINEAR( 1 , 2^3 )") == .linear(1, 8))
        #expect(try Schedule(parsing: "constant(-1)") == .constant(-1))
        #expect(Schedule.cumulativeLR(100).description == "cumulativeLR(100)")
        #expect(Schedule.linear(1, 8).description == "linear(1, 8)")
        #expect(Schedule.stepwise([ScheduleStep(epoch: 0, value: 1), ScheduleStep(epoch: 3, value: 10)]).description
            == "stepwise((0, 1), (3, 10))")
    }

    /// Random schedules print and parse back to themselves.
    @Test func generatedSchedulesRoundTrip() throws {
        var gen = ExpressionGenerator(seed: 0x5C4E)
        for _ in 0..<2000 {
            let a = gen.number(), b = gen.number(positive: true)
            let schedule: Schedule
            switch gen.int(0...4) {
            case 0: schedule = .constant(a)
            case 1: schedule = .linear(a, b)
            case 2: schedule = .exponential(abs(a) + 0.5, b)
            case 3: schedule = .cumulativeLR(a)
            default:
                var epoch = 0
                schedule = .stepwise((0..<gen.int(1...4)).map { _ in
                    epoch += gen.int(1...50)
                    return ScheduleStep(epoch: epoch, value: gen.number())
                })
            }
            #expect(try Schedule(parsing: schedule.description) == schedule, "\(schedule)")
        }
    }

    struct BadSchedule: Sendable, CustomTestStringConvertible {
        let text: String
        let column: Int
        let words: String
        var testDescription: String { "\"\(text)\"" }
    }

    @Test(arguments: [
        BadSchedule(text: "", column: 1, words: "expected a schedule"),
        BadSchedule(text: "42", column: 1, words: "expected a schedule"),
        BadSchedule(text: "quadratic(1, 2)", column: 1, words: "unknown schedule 'quadratic'"),
        BadSchedule(text: "linear(1)", column: 9, words: "expected ','"),
        BadSchedule(text: "linear(1, 2", column: 12, words: "expected ')'"),
        BadSchedule(text: "constant 1", column: 10, words: "expected '('"),
        BadSchedule(text: "constant(mu)", column: 10, words: "mu and lr cannot appear"),
        BadSchedule(text: "constant(1 / 0)", column: 10, words: "not a finite number"),
        BadSchedule(text: "exponential(0, 10)", column: 1, words: "start > 0 and end > 0"),
        BadSchedule(text: "exponential(1, -10)", column: 1, words: "start > 0 and end > 0"),
        BadSchedule(text: "stepwise((0.5, 1))", column: 11, words: "whole number"),
        BadSchedule(text: "stepwise((-1, 1))", column: 1, words: "epoch >= 0"),
        BadSchedule(text: "stepwise((3, 1), (2, 5))", column: 1, words: "epochs must increase"),
        BadSchedule(text: "stepwise((3, 1), (3, 5))", column: 1, words: "epochs must increase"),
        BadSchedule(text: "stepwise()", column: 10, words: "expected '('"),
        BadSchedule(text: "linear(1, 2) x", column: 14, words: "unexpected 'x' after the schedule"),
    ] as [BadSchedule])
    func parseErrors(_ c: BadSchedule) {
        do {
            let s = try Schedule(parsing: c.text)
            Issue.record("\"\(c.text)\" parsed as \(s)")
        } catch {
            #expect(error.column == c.column, "\"\(c.text)\": \(error)")
            #expect(error.message.contains(c.words), "\"\(c.text)\": \(error.message)")
        }
    }

    /// An epoch too large for an Int is a parse error, not a trap (a trap
    /// would end the test run).
    @Test func hugeEpochIsAnErrorNotATrap() {
        #expect(throws: ParseError.self) { try Schedule(parsing: "stepwise((1e300, 1))") }
        #expect(throws: ParseError.self) { try Schedule(parsing: "stepwise((9223372036854775808, 1))") }
    }

    /// `problem` names what is wrong with a schedule built in code.
    @Test func problems() {
        #expect(Schedule.constant(.nan).problem != nil)
        #expect(Schedule.linear(1, .infinity).problem != nil)
        #expect(Schedule.exponential(0, 1).problem != nil)
        #expect(Schedule.cumulativeLR(.nan).problem != nil)
        #expect(Schedule.stepwise([]).problem?.contains("at least one") == true)
        #expect(Schedule.linear(5, 50).problem == nil)
        #expect(Schedule.exponential(1, 1000).problem == nil)
    }
}

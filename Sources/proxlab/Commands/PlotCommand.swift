import ProxCore

enum PlotCommand {
    static let usage = "usage: proxlab plot <preset | file | expression> [--mu V] [--range A:B] [--size WxH] [--series F,B,dB,P]"
    static func run(_ args: [String]) throws(CLIError) -> (output: String, status: Int32) {
        throw CLIError("proxlab plot: not built yet")
    }
}

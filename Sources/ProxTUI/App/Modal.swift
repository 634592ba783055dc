/// A dialog over the panes; while one is open it gets every key.
public enum Modal: Equatable, Sendable {
    case help
    /// Pick a piece, then how it joins the selected expression.
    case palette(selected: Int)
    /// Load a pair or an experiment from the library, or type a path.
    case load(selected: Int, path: TextField?)
    /// The launch form for training runs.
    case launch
    /// Save the pair: the path being typed.
    case save(TextField)
    case confirmOverwrite(path: String)
    case confirmQuit
    /// Type a mu value for the shapes pane.
    case typeMu(TextField)
    /// A sweep of a number: `NAME=START:END:COUNT`, prefilled from the composer's selected number.
    case sweep(TextField)
    /// Choose a lesson to start.
    case lessons(selected: Int)
    /// Type the step view's theta.
    case typeTheta(TextField)
}

/// What the parser, the palette and the help texts know about each piece.
///
/// One table, so adding a piece is one row here plus its formulas in
/// `Piece+Scalar.swift` and `Piece+Buffer.swift`.
public struct PieceSpec: Sendable {
    public let name: String
    /// Parameter names in order; `pwl` takes points instead.
    public let parameterNames: [String]
    public let summary: String
    /// The value formula as docs/THEORY.md section 3 writes it.
    public let formula: String
    /// An example that parses, used in help texts and the composer's palette.
    public let example: String
}

public enum PieceCatalog {
    public static let all: [PieceSpec] = [
        PieceSpec(name: "id", parameterNames: [], summary: "identity (BinaryConnect's backward map)",
                  formula: "x", example: "id"),
        PieceSpec(name: "sign", parameterNames: [], summary: "+1 if x >= 0 else -1; derivative 0",
                  formula: "sign(x)", example: "sign"),
        PieceSpec(name: "clip", parameterNames: ["a"], summary: "hardtanh for a = 1 (BNN's backward map)",
                  formula: "max(-a, min(a, x))", example: "clip(1)"),
        PieceSpec(name: "scale", parameterNames: ["c"], summary: "multiplication by c",
                  formula: "c x", example: "scale(2)"),
        PieceSpec(name: "tanh", parameterNames: ["b"], summary: "smooth sign of slope b at 0",
                  formula: "tanh(b x)", example: "tanh(2)"),
        PieceSpec(name: "approxsign", parameterNames: [], summary: "Bi-Real's piecewise quadratic",
                  formula: "2x + x^2 (x < 0), 2x - x^2 (x >= 0), saturating at +-1", example: "approxsign"),
        PieceSpec(name: "signswish", parameterNames: ["b"], summary: "BNN+'s SignSwish SS_b; overshoots 1",
                  formula: "2 s(bx) (1 + bx (1 - s(bx))) - 1", example: "signswish(5)"),
        PieceSpec(name: "lq", parameterNames: ["k", "r"],
                  summary: "linear-quadratic proximal quantizer (PC: lq(0, mu - 1); ProxQuant: lq(k, 0))",
                  formula: "q + sgn(x - q) max(|x - q| - k, 0) / (1 + r), q = sign(x)", example: "lq(0, mu - 1)"),
        PieceSpec(name: "pwl", parameterNames: [], summary: "piecewise linear through points (x, y), flat beyond",
                  formula: "interpolation", example: "pwl((-1, -1), (1, 1))"),
    ]

    /// Names accepted as shorthands; each parses to an ordinary piece so
    /// printing shows the canonical form.
    public static let aliases: [String: Piece] = [
        "hardtanh": .clip(.number(1)),
        "identity": .identity,
    ]

    public static func spec(named name: String) -> PieceSpec? { all.first { $0.name == name } }
}

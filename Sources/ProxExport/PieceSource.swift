import ProxCore

/// Each primitive piece of docs/THEORY.md section 3 as two Python functions of a
/// tensor, its value and its a.e. derivative (right-hand at kinks), written
/// with torch operations that follow `Piece+Scalar.swift` operation by
/// operation, so that in float64 they give proxlab's numbers to rounding.
///
/// The switch over `Piece` is exhaustive: a new piece does not compile
/// until it has its Python here.
enum PieceSource {
    /// The Python function names of a piece: value and slope.
    static func names(_ p: Piece) -> (value: String, slope: String) {
        let base: String
        switch p {
        case .identity: base = "identity"
        case .sign: base = "sign"
        case .clip: base = "clip"
        case .scale: base = "scale"
        case .tanh: base = "tanh"
        case .approxSign: base = "approxsign"
        case .signSwish: base = "signswish"
        case .linearQuadratic: base = "lq"
        case .piecewiseLinear: base = "pwl"
        }
        return (base, base + "_slope")
    }

    /// The arguments after x, as Python text.
    static func arguments(_ p: Piece) -> [String] {
        switch p {
        case .piecewiseLinear(let points):
            let list = points.map { "(\(PythonLiteral.number($0.x)), \(PythonLiteral.number($0.y)))" }
            return ["(" + list.joined(separator: ", ") + (points.count == 1 ? ",)" : ")")]
        default:
            return p.parameters.map(ParamCompiler.python)
        }
    }

    /// `name(x, args...)`, the value or the slope of the piece at `x`.
    static func call(_ p: Piece, _ x: String, slope: Bool) -> String {
        let n = names(p)
        return "\(slope ? n.slope : n.value)(" + ([x] + arguments(p)).joined(separator: ", ") + ")"
    }

    /// The two function definitions, with the formula in each docstring.
    static func definitions(_ p: Piece) -> String {
        switch p {
        case .identity:
            return """
            def identity(x):
                \"\"\"id(x) = x.\"\"\"
                return x


            def identity_slope(x):
                \"\"\"id'(x) = 1.\"\"\"
                return torch.ones_like(x)
            """
        case .sign:
            return """
            def sign(x):
                \"\"\"sign(x) = +1 if x >= 0 else -1 (sign(0) = +1).\"\"\"
                return (x >= 0).to(x.dtype) * 2 - 1


            def sign_slope(x):
                \"\"\"sign'(x) = 0.\"\"\"
                return torch.zeros_like(x)
            """
        case .clip:
            return """
            def clip(x, a):
                \"\"\"clip(a)(x) = max(-a, min(a, x)); hardtanh for a = 1.\"\"\"
                return torch.clamp(x, -a, a)


            def clip_slope(x, a):
                \"\"\"clip(a)'(x) = 1 if |x| <= a else 0.\"\"\"
                return (x.abs() <= a).to(x.dtype)
            """
        case .scale:
            return """
            def scale(x, c):
                \"\"\"scale(c)(x) = c x.\"\"\"
                return c * x


            def scale_slope(x, c):
                \"\"\"scale(c)'(x) = c.\"\"\"
                return torch.full_like(x, c)
            """
        case .tanh:
            return """
            def tanh(x, b):
                \"\"\"tanh(b)(x) = tanh(b x).\"\"\"
                return torch.tanh(b * x)


            def tanh_slope(x, b):
                \"\"\"tanh(b)'(x) = b (1 - tanh(b x)^2).\"\"\"
                t = torch.tanh(b * x)
                return b * (1 - t * t)
            """
        case .approxSign:
            return """
            def approxsign(x):
                \"\"\"Bi-Real's approxsign: -1 (x < -1), 2x + x^2 (x < 0), 2x - x^2 (x < 1), 1 (x >= 1).\"\"\"
                inner = torch.where(x < 0, 2 * x + x * x, 2 * x - x * x)
                return torch.where(x < -1, -1.0, torch.where(x < 1, inner, 1.0))


            def approxsign_slope(x):
                \"\"\"approxsign'(x) = 2 - 2 |x| if |x| <= 1 else 0.\"\"\"
                ax = x.abs()
                return torch.where(ax <= 1, 2 - 2 * ax, 0.0)
            """
        case .signSwish:
            return """
            def signswish(x, b):
                \"\"\"BNN+'s SignSwish SS_b(x) = 2 s(bx) (1 + bx (1 - s(bx))) - 1, s the logistic.

                With e = exp(-|bx|), s = 1 / (1 + e) for bx >= 0 and e / (1 + e) below: no
                overflow in float32; bx is clamped to +-800, beyond which SS_b is +-1.
                \"\"\"
                bx = torch.clamp(b * x, -800, 800)
                e = torch.exp(-bx.abs())
                s = torch.where(bx >= 0, 1 / (1 + e), e / (1 + e))
                return 2 * s * (1 + bx * (1 - s)) - 1


            def signswish_slope(x, b):
                \"\"\"SS_b'(x) = b (2 - bx tanh(bx / 2)) / (1 + cosh(bx)), with one exp.

                s (1 - s) = e / (1 + e)^2 and tanh(bx / 2) = sgn(bx) (1 - e) / (1 + e).
                \"\"\"
                bx = torch.clamp(b * x, -800, 800)
                e = torch.exp(-bx.abs())
                q = 1 + e
                return 2 * b * (e / (q * q)) * (2 - bx.abs() * (1 - e) / q)
            """
        case .linearQuadratic:
            return """
            def lq(x, k, r):
                \"\"\"lq(k, r)(x) = q + sgn(x - q) max(|x - q| - k, 0) / (1 + r), q = sign(x).

                The proximal map of k dist(z, Q) + (r / 2) dist(z, Q)^2 onto Q = {-1, +1}.
                \"\"\"
                q = (x >= 0).to(x.dtype) * 2 - 1
                d = x - q
                shrunk = torch.clamp(d.abs() - k, min=0) / (1 + r)
                return torch.where(d >= 0, q + shrunk, q - shrunk)


            def lq_slope(x, k, r):
                \"\"\"lq(k, r)'(x) = 1 / (1 + r) outside the dead zones [q - k, q + k), else 0.\"\"\"
                q = (x >= 0).to(x.dtype) * 2 - 1
                live = (x >= q + k) | (x < q - k)
                return live.to(x.dtype) * (1 / (1 + r))
            """
        case .piecewiseLinear:
            return """
            def pwl(x, points):
                \"\"\"Linear through the points (x_i, y_i) (x_i increasing), flat beyond the ends.\"\"\"
                xs = torch.tensor([p[0] for p in points], dtype=x.dtype, device=x.device)
                ys = torch.tensor([p[1] for p in points], dtype=x.dtype, device=x.device)
                i = torch.searchsorted(xs, x.contiguous(), right=True) - 1
                i = torch.clamp(i, 0, len(points) - 2)
                x0, x1, y0, y1 = xs[i], xs[i + 1], ys[i], ys[i + 1]
                inside = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                return torch.where(x <= xs[0], ys[0], torch.where(x >= xs[-1], ys[-1], inside))


            def pwl_slope(x, points):
                \"\"\"The slope of the segment [x_i, x_i+1) holding x, 0 beyond the ends.\"\"\"
                xs = torch.tensor([p[0] for p in points], dtype=x.dtype, device=x.device)
                ys = torch.tensor([p[1] for p in points], dtype=x.dtype, device=x.device)
                i = torch.searchsorted(xs, x.contiguous(), right=True) - 1
                i = torch.clamp(i, 0, len(points) - 2)
                slope = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i])
                return torch.where((x >= xs[0]) & (x < xs[-1]), slope, 0.0)
            """
        }
    }
}

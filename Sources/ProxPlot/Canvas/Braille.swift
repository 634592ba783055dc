/// Unicode braille patterns (U+2800...U+28FF) as 2x4 dot bitmaps.
///
/// Each terminal cell shows 2 columns by 4 rows of dots, so a braille canvas
/// has eight times the resolution of text. Unicode numbers the dots in the
/// order braille was historically extended, not row by row:
///
///     dot 1 (0x01)  dot 4 (0x08)
///     dot 2 (0x02)  dot 5 (0x10)
///     dot 3 (0x04)  dot 6 (0x20)
///     dot 7 (0x40)  dot 8 (0x80)
///
/// and the pattern for a set of dots is U+2800 plus the OR of their bits.
public enum Braille {
    /// The bit of the dot in column `dx` (0...1) and row `dy` (0...3) of a cell.
    @inlinable
    public static func bit(dx: Int, dy: Int) -> UInt8 {
        // Row-major index dy * 2 + dx into the Unicode dot order above.
        let table: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80)
        switch dy &* 2 &+ dx {
        case 0: return table.0
        case 1: return table.1
        case 2: return table.2
        case 3: return table.3
        case 4: return table.4
        case 5: return table.5
        case 6: return table.6
        default: return table.7
        }
    }

    /// The braille character showing exactly the dots in `bits`.
    @inlinable
    public static func scalar(_ bits: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(0x2800 + UInt32(bits))!
    }

    /// The blank braille pattern, U+2800: looks like a space but is not one.
    public static let blank: Unicode.Scalar = "\u{2800}"
}

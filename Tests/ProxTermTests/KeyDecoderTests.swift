import CNcurses
import ProxTUI
import ProxTerm
import Testing

@Suite struct KeyDecoderTests {
    let decoder = KeyDecoder()

    @Test func printableCharactersArriveAsCharacters() {
        #expect(decoder.decode(.character(0x61)) == .char("a"))
        #expect(decoder.decode(.character(0x41)) == .char("A"))  // no .shift: "A" is "A"
        #expect(decoder.decode(.character(0x20)) == .char(" "))
        #expect(decoder.decode(.character(0x3F)) == .char("?"))
        #expect(decoder.decode(.character(0xE9)) == .char("é"))
        #expect(decoder.decode(.character(0x3BC)) == .char("μ"))
        // KEY_DOWN's number as a character is "Ă", not Down: the kind travels with the code.
        #expect(decoder.decode(.character(UInt32(KEY_DOWN))) == .char("Ă"))
    }

    @Test func enterTabBackspaceEscape() {
        #expect(decoder.decode(.character(13)) == KeyPress(.enter))  // CR: Enter under nonl
        #expect(decoder.decode(.character(10)) == KeyPress(.enter))  // LF: Ctrl-J
        #expect(decoder.decode(.keyCode(KEY_ENTER)) == KeyPress(.enter))
        #expect(decoder.decode(.character(9)) == KeyPress(.tab))
        #expect(decoder.decode(.keyCode(KEY_BTAB)) == KeyPress(.backTab))
        #expect(decoder.decode(.character(127)) == KeyPress(.backspace))
        #expect(decoder.decode(.character(8)) == KeyPress(.backspace))
        #expect(decoder.decode(.keyCode(KEY_BACKSPACE)) == KeyPress(.backspace))
        #expect(decoder.decode(.keyCode(KEY_DC)) == KeyPress(.delete))
        #expect(decoder.decode(.character(27)) == KeyPress(.escape))
    }

    @Test func controlLetters() {
        #expect(decoder.decode(.character(3)) == .ctrl("c"))
        #expect(decoder.decode(.character(1)) == .ctrl("a"))
        #expect(decoder.decode(.character(26)) == .ctrl("z"))
        #expect(decoder.decode(.character(12)) == .ctrl("l"))
        #expect(decoder.decode(.character(0)) == .ctrl(" "))
        #expect(decoder.decode(.character(28)) == .ctrl("\\"))
        #expect(decoder.decode(.character(31)) == .ctrl("_"))
        // Every code 1...26 except Tab (9), LF (10), CR (13) and Ctrl-H (8) is Ctrl-letter.
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        for code in 1...26 where ![8, 9, 10, 13].contains(code) {
            #expect(decoder.decode(.character(UInt32(code))) == .ctrl(letters[code - 1]))
        }
        #expect(decoder.decode(.character(0x85)) == nil)  // C1 control
    }

    @Test func navigationKeys() {
        let cases: [(Int32, KeyPress)] = [
            (KEY_UP, KeyPress(.up)), (KEY_DOWN, KeyPress(.down)),
            (KEY_LEFT, KeyPress(.left)), (KEY_RIGHT, KeyPress(.right)),
            (KEY_HOME, KeyPress(.home)), (KEY_END, KeyPress(.end)),
            (KEY_PPAGE, KeyPress(.pageUp)), (KEY_NPAGE, KeyPress(.pageDown)),
            (KEY_A1, KeyPress(.home)), (KEY_C1, KeyPress(.end)),
            (KEY_A3, KeyPress(.pageUp)), (KEY_C3, KeyPress(.pageDown)),
            (KEY_SR, KeyPress(.up, modifiers: .shift)), (KEY_SF, KeyPress(.down, modifiers: .shift)),
            (KEY_SLEFT, KeyPress(.left, modifiers: .shift)), (KEY_SRIGHT, KeyPress(.right, modifiers: .shift)),
            (KEY_SHOME, KeyPress(.home, modifiers: .shift)), (KEY_SEND, KeyPress(.end, modifiers: .shift)),
            (KEY_SDC, KeyPress(.delete, modifiers: .shift)),
            (KEY_SNEXT, KeyPress(.pageDown, modifiers: .shift)), (KEY_SPREVIOUS, KeyPress(.pageUp, modifiers: .shift)),
        ]
        for (code, key) in cases {
            #expect(decoder.decode(.keyCode(code)) == key, "code \(code)")
        }
        // The real octal values from curses.h.
        #expect(KEY_UP == 0o403 && KEY_DC == 0o512 && KEY_BTAB == 0o541 && KEY_SR == 0o521)
    }

    @Test func functionKeysFollowXtermBlocks() {
        #expect(decoder.decode(.keyCode(prox_key_f(1))) == KeyPress(.function(1)))
        #expect(decoder.decode(.keyCode(prox_key_f(12))) == KeyPress(.function(12)))
        #expect(decoder.decode(.keyCode(prox_key_f(15))) == KeyPress(.function(3), modifiers: .shift))
        #expect(decoder.decode(.keyCode(prox_key_f(25))) == KeyPress(.function(1), modifiers: .control))
        #expect(decoder.decode(.keyCode(prox_key_f(49))) == KeyPress(.function(1), modifiers: .alt))
        #expect(prox_key_f(1) == 0o411)
    }

    @Test func keyCodesWithoutAKeyDecodeToNil() {
        #expect(decoder.decode(.keyCode(KEY_IC)) == nil)
        #expect(decoder.decode(.keyCode(KEY_B2)) == nil)
        #expect(decoder.decode(.keyCode(KEY_MOUSE)) == nil)
        #expect(decoder.decode(.keyCode(KEY_RESIZE)) == nil)
        #expect(decoder.decode(.keyCode(KEY_MAX + 7)) == nil)  // an unknown extended key
    }

    @Test func escapeThenAKeyIsAlt() {
        #expect(decoder.decode(.character(27), following: nil) == KeyPress(.escape))
        #expect(decoder.decode(.character(27), following: .character(0x78)) == KeyPress(.character("x"), modifiers: .alt))
        #expect(decoder.decode(.character(27), following: .character(13)) == KeyPress(.enter, modifiers: .alt))
        #expect(decoder.decode(.character(27), following: .character(27)) == KeyPress(.escape, modifiers: .alt))
        #expect(decoder.decode(.character(27), following: .character(3)) == KeyPress(.character("c"), modifiers: [.control, .alt]))
        #expect(decoder.decode(.character(27), following: .keyCode(KEY_LEFT)) == KeyPress(.left, modifiers: .alt))
        // `following` only matters after Escape.
        #expect(decoder.decode(.character(0x61), following: .character(0x62)) == .char("a"))
    }

    @Test func extendedKeysComeFromTheTable() {
        let names = Dictionary(uniqueKeysWithValues: KeyDecoder.extendedKeyNames.map { ($0.name, $0.key) })
        #expect(names.count == 63)
        #expect(names["kUP5"] == KeyPress(.up, modifiers: .control))
        #expect(names["kRIT3"] == KeyPress(.right, modifiers: .alt))
        #expect(names["kLFT2"] == KeyPress(.left, modifiers: .shift))
        #expect(names["kNXT6"] == KeyPress(.pageDown, modifiers: [.control, .shift]))
        #expect(names["kDC8"] == KeyPress(.delete, modifiers: [.control, .alt, .shift]))
        // Codes above KEY_MAX are assigned at run time; the terminal fills the table.
        let withTable = KeyDecoder(extendedKeys: [KEY_MAX + 1: KeyPress(.up, modifiers: .control)])
        #expect(withTable.decode(.keyCode(KEY_MAX + 1)) == KeyPress(.up, modifiers: .control))
    }

    @Test func unrecognisedEscapeSequences() {
        let cases: [(String, KeyPress?)] = [
            ("[A", KeyPress(.up)), ("[D", KeyPress(.left)), ("OA", KeyPress(.up)),
            ("[H", KeyPress(.home)), ("[F", KeyPress(.end)), ("OH", KeyPress(.home)),
            ("[1~", KeyPress(.home)), ("[4~", KeyPress(.end)), ("[7~", KeyPress(.home)), ("[8~", KeyPress(.end)),
            ("[3~", KeyPress(.delete)), ("[5~", KeyPress(.pageUp)), ("[6~", KeyPress(.pageDown)),
            ("[1;5A", KeyPress(.up, modifiers: .control)), ("[1;2C", KeyPress(.right, modifiers: .shift)),
            ("[1;3D", KeyPress(.left, modifiers: .alt)), ("[1;6H", KeyPress(.home, modifiers: [.control, .shift])),
            ("[3;5~", KeyPress(.delete, modifiers: .control)), ("[5;2~", KeyPress(.pageUp, modifiers: .shift)),
            ("OP", KeyPress(.function(1))), ("OS", KeyPress(.function(4))), ("[15~", KeyPress(.function(5))),
            ("[24~", KeyPress(.function(12))), ("[17;2~", KeyPress(.function(6), modifiers: .shift)),
            ("[Z", KeyPress(.backTab)),
            ("[2~", nil), ("[99~", nil), ("[1;9A", nil), ("[5A", nil), ("[?1;2c", nil), ("[", nil), ("Ox", nil), ("X1", nil),
        ]
        for (text, key) in cases {
            #expect(decoder.decode(escapeSequence: text) == key, "ESC \(text)")
        }
    }
}

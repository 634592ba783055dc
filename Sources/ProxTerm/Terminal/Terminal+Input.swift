import Foundation
internal import CNcurses
import ProxTUI

extension Terminal {
    /// The next key, mouse event or resize, waiting up to `milliseconds`
    /// for one (0: only what is already waiting; negative: until input or a
    /// wake-up). Nil on timeout, on a `TerminalWaker` wake-up, and for input
    /// that means nothing (an unknown escape sequence, a mouse move).
    ///
    /// Waits in `poll` on standard input and the waker's pipe, then lets
    /// ncurses read and decode what arrived (`wget_wch`, its key sequences
    /// and the Escape delay). A resize (ncurses' SIGWINCH handler sets a flag,
    /// `wget_wch` returns `KEY_RESIZE`) arrives as `.resize` with the new
    /// size, and the next `draw` repaints everything. Prefer a finite
    /// timeout (a frame or a tick): a resize that lands just before the
    /// wait begins is only noticed when the wait ends.
    public func nextEvent(timeout milliseconds: Int) -> InputEvent? {
        guard running else { return nil }
        if let event = readAvailable() { return event }
        guard milliseconds != 0 else { return nil }
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: waker.readEnd, events: Int16(POLLIN), revents: 0)]
        let count: nfds_t = waker.readEnd >= 0 ? 2 : 1
        let n = poll(&fds, count, milliseconds < 0 ? -1 : Int32(clamping: milliseconds))
        if n > 0 && fds[1].revents != 0 { _ = waker.drain() }
        // A closed terminal reports POLLHUP at once, forever: without this
        // the loop would spin on a terminal that no longer exists.
        if n > 0 && fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            return .hangup
        }
        // Also after a timeout or EINTR: picks up a resize flagged meanwhile.
        return readAvailable()
    }

    /// Translates input that is already waiting until something has meaning.
    private func readAvailable() -> InputEvent? {
        for _ in 0..<64 {
            guard let raw = readRaw() else { return nil }
            if let event = translate(raw) { return event }
        }
        return nil
    }

    /// One value from `wget_wch` without waiting (beyond ncurses' own
    /// Escape delay inside a key sequence), or nil.
    private func readRaw() -> RawKey? {
        if let raw = pendingRaw {
            pendingRaw = nil
            return raw
        }
        wtimeout(window, 0)
        var ch: wint_t = 0
        let rc = wget_wch(window, &ch)
        if rc == KEY_CODE_YES { return .keyCode(Int32(bitPattern: ch)) }
        if rc == OK { return .character(ch) }
        return nil
    }

    private func translate(_ raw: RawKey) -> InputEvent? {
        switch raw {
        case .keyCode(KEY_RESIZE):
            invalidate()
            let s = size
            return .resize(width: s.width, height: s.height)
        case .keyCode(KEY_MOUSE):
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            return MouseDecoder.decode(state: UInt(event.bstate), x: Int(event.x), y: Int(event.y)).map { .mouse($0) }
        case .character(27):
            // ncurses has already waited the Escape delay for a sequence it
            // knows; whatever follows at once was typed with Alt, or is a
            // sequence it does not know.
            guard let next = readRaw() else { return .key(KeyPress(.escape)) }
            switch next {
            case .keyCode(KEY_RESIZE), .keyCode(KEY_MOUSE):
                pendingRaw = next
                return .key(KeyPress(.escape))
            case .character(0x5B), .character(0x4F):  // "[" or "O": CSI or SS3
                guard let third = readRaw() else { return decoder.decode(raw, following: next).map { .key($0) } }
                let sequence = readEscapeSequence(next, third)
                if sequence == "[200~" { return readPaste() }
                return sequence.flatMap { decoder.decode(escapeSequence: $0) }.map { .key($0) }
            default:
                return decoder.decode(raw, following: next).map { .key($0) }
            }
        default:
            return decoder.decode(raw).map { .key($0) }
        }
    }

    /// The body of a bracketed paste, after its opening ESC [200~, up to the
    /// closing ESC [201~ (xterm's mode 2004, switched on by `start`). A long
    /// paste arrives in pieces: the read waits up to 200 ms for each, and a
    /// paste that never closes ends there. Key codes ncurses decoded inside
    /// the text (an arrow's sequence pasted as text) are dropped.
    func readPaste() -> InputEvent {
        let close = Array("\u{1B}[201~".unicodeScalars)
        var text = String.UnicodeScalarView()
        while text.count < 1 << 20 {
            guard let raw = readRaw() else {
                var fd = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
                if poll(&fd, 1, 200) <= 0 { break }
                continue
            }
            guard case .character(let c) = raw, let scalar = Unicode.Scalar(c) else { continue }
            text.append(scalar)
            if scalar == "~" && text.count >= close.count && text.suffix(close.count).elementsEqual(close) {
                text.removeLast(close.count)
                break
            }
        }
        return .paste(String(text))
    }

    /// The text after ESC of a sequence ncurses did not recognise: the
    /// introducer, then for CSI parameters and intermediates up to the final
    /// byte (0x40...0x7E), for SS3 one character. Nil when it is cut short
    /// or holds a key code.
    private func readEscapeSequence(_ introducer: RawKey, _ first: RawKey) -> String? {
        guard case .character(let i) = introducer, let iScalar = Unicode.Scalar(i) else { return nil }
        var text = String.UnicodeScalarView([iScalar])
        var current: RawKey? = first
        for _ in 0..<32 {
            guard case .character(let c)? = current, let scalar = Unicode.Scalar(c) else { return nil }
            text.append(scalar)
            if i == 0x4F || (c >= 0x40 && c <= 0x7E) { return String(text) }
            current = readRaw()
        }
        return nil
    }
}

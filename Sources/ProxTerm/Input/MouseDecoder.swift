internal import CNcurses
import ProxTUI

/// Turns an ncurses mouse report (`MEVENT.bstate` and the cell it happened
/// in) into a `MouseEvent`; pure, so it is testable with the real masks.
///
/// Buttons 1, 2, 3 are left, middle, right; button 4 and 5 presses are the
/// wheel turning up and down (terminals send no wheel release). With
/// `mouseinterval(0)`, which `Terminal` sets, ncurses reports presses and
/// releases as they happen; a "clicked" report (from a program that left the
/// click interval on) counts as a press. Motion, double and triple clicks and
/// anything else decode to nil, as do positions off the screen.
public enum MouseDecoder {
    /// The `mousemask` that `Terminal` asks for: press and release of the
    /// three buttons and the wheel, no motion reports (which would switch the
    /// terminal to reporting every mouse move).
    public static var wantedMask: UInt {
        UInt(prox_button1_pressed() | prox_button1_released()
            | prox_button2_pressed() | prox_button2_released()
            | prox_button3_pressed() | prox_button3_released()
            | prox_button4_pressed() | prox_button5_pressed())
    }

    public static func decode(state: UInt, x: Int, y: Int) -> MouseEvent? {
        guard x >= 0, y >= 0 else { return nil }
        let s = mmask_t(state)
        let table: [(mmask_t, MouseEvent.Button, MouseEvent.Kind)] = [
            (prox_button4_pressed(), .wheelUp, .press),
            (prox_button5_pressed(), .wheelDown, .press),
            (prox_button1_pressed() | prox_button1_clicked(), .left, .press),
            (prox_button1_released(), .left, .release),
            (prox_button2_pressed() | prox_button2_clicked(), .middle, .press),
            (prox_button2_released(), .middle, .release),
            (prox_button3_pressed() | prox_button3_clicked(), .right, .press),
            (prox_button3_released(), .right, .release),
        ]
        for (mask, button, kind) in table where s & mask != 0 {
            return MouseEvent(x: x, y: y, button: button, kind: kind)
        }
        return nil
    }
}

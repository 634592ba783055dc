import CNcurses
import ProxTUI
import ProxTerm
import Testing

@Suite struct MouseDecoderTests {
    @Test func buttonsPressAndRelease() {
        let cases: [(mmask_t, MouseEvent.Button, MouseEvent.Kind)] = [
            (prox_button1_pressed(), .left, .press), (prox_button1_released(), .left, .release),
            (prox_button1_clicked(), .left, .press),
            (prox_button2_pressed(), .middle, .press), (prox_button2_released(), .middle, .release),
            (prox_button3_pressed(), .right, .press), (prox_button3_released(), .right, .release),
        ]
        for (mask, button, kind) in cases {
            #expect(MouseDecoder.decode(state: UInt(mask), x: 10, y: 4) == MouseEvent(x: 10, y: 4, button: button, kind: kind))
        }
    }

    @Test func wheelIsButtonsFourAndFive() {
        #expect(MouseDecoder.decode(state: UInt(prox_button4_pressed()), x: 2, y: 6) == MouseEvent(x: 2, y: 6, button: .wheelUp))
        #expect(MouseDecoder.decode(state: UInt(prox_button5_pressed()), x: 0, y: 0) == MouseEvent(x: 0, y: 0, button: .wheelDown))
        // NCURSES_MOUSE_VERSION 2: button 4 press is 0x10000, button 5 press 0x200000.
        #expect(prox_button4_pressed() == 0x10000)
        #expect(prox_button5_pressed() == 0x200000)
    }

    @Test func motionAndOffScreenAreNil() {
        #expect(MouseDecoder.decode(state: UInt(prox_report_mouse_position()), x: 3, y: 3) == nil)
        #expect(MouseDecoder.decode(state: 0, x: 3, y: 3) == nil)
        #expect(MouseDecoder.decode(state: UInt(prox_button1_pressed()), x: -1, y: 3) == nil)
    }

    @Test func wantedMaskHasButtonsAndWheelButNoMotion() {
        let mask = MouseDecoder.wantedMask
        #expect(mask & UInt(prox_button1_pressed()) != 0)
        #expect(mask & UInt(prox_button3_released()) != 0)
        #expect(mask & UInt(prox_button5_pressed()) != 0)
        #expect(mask & UInt(prox_report_mouse_position()) == 0)
        #expect(mask & UInt(prox_button1_clicked()) == 0)
    }
}

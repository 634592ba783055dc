#ifndef PROXLAB_CNCURSES_SHIM_H
#define PROXLAB_CNCURSES_SHIM_H
/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so ask for the wide API here. */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdint.h>
#include <ncursesw/curses.h>

/*
 * Wrappers for what Swift cannot import from curses.h: function-like macros
 * (getmaxyx, COLOR_PAIR's relatives, KEY_F, the mouse masks built with
 * NCURSES_MOUSE_MASK, the A_* attributes built with NCURSES_BITS) and the
 * global variables (stdscr, LINES, COLS, COLORS, COLOR_PAIRS) that Swift 6's
 * strict concurrency checking rejects as shared mutable state. Only ProxTerm
 * uses these, and only from the one thread that owns the terminal.
 */

/* Globals. */
static inline WINDOW *prox_stdscr(void) { return stdscr; }
static inline int prox_lines(void) { return LINES; }
static inline int prox_cols(void) { return COLS; }
static inline int prox_colors(void) { return COLORS; }
static inline int prox_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *prox_stdout(void) { return stdout; }
static inline FILE *prox_stdin(void) { return stdin; }

/* getmaxyx is a macro that assigns to its arguments. */
static inline void prox_getmaxyx(WINDOW *win, int *rows, int *cols) {
    int y = 0, x = 0;
    getmaxyx(win, y, x);
    *rows = y;
    *cols = x;
}

/* Attributes. */
static inline attr_t prox_a_normal(void) { return A_NORMAL; }
static inline attr_t prox_a_bold(void) { return A_BOLD; }
static inline attr_t prox_a_dim(void) { return A_DIM; }
static inline attr_t prox_a_reverse(void) { return A_REVERSE; }
static inline attr_t prox_a_underline(void) { return A_UNDERLINE; }

/* Function keys: KEY_F(n) is a macro. */
static inline int prox_key_f(int n) { return KEY_F(n); }

/* Mouse masks (NCURSES_MOUSE_VERSION 2: five buttons, wheel = 4 and 5). */
static inline mmask_t prox_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t prox_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t prox_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t prox_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t prox_button2_released(void) { return BUTTON2_RELEASED; }
static inline mmask_t prox_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t prox_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t prox_button3_released(void) { return BUTTON3_RELEASED; }
static inline mmask_t prox_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t prox_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t prox_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t prox_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
static inline mmask_t prox_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }

/* wget_wch result: a character (OK) or a key code (KEY_CODE_YES). */
static inline int prox_key_code_yes(void) { return KEY_CODE_YES; }

/*
 * Fills a cchar_t with one character, attributes and an extended colour pair
 * (setcchar takes the pair as a short, or as an int through `opts`, which is
 * what pairs above 32767 need). Saves Swift from building a wchar_t array.
 */
static inline int prox_setcchar(cchar_t *cc, uint32_t ch, attr_t attrs, int pair) {
    wchar_t wch[2];
    wch[0] = (wchar_t)ch;
    wch[1] = 0;
    return setcchar(cc, wch, attrs, 0, &pair);
}

/* Columns a character takes in the current locale (wcwidth needs _XOPEN_SOURCE,
 * which the C library module Swift imports is not built with). */
extern int wcwidth(wchar_t c);
static inline int prox_wcwidth(uint32_t c) { return wcwidth((wchar_t)c); }

/* The locale's character set name after setlocale (e.g. "UTF-8", "ANSI_X3.4-1968"). */
static inline const char *prox_codeset(void) { return nl_langinfo(CODESET); }

#endif

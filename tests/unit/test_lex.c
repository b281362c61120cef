/*
 * test_lex.c — the tokenizer on its own: token streams (kinds, text and
 * positions, INDENT/DEDENT from the indentation stack, implicit joining
 * in brackets, continuations, comments and blank lines), source
 * preparation (newlines, BOM, NUL bytes, UTF-8), and tokenizer errors.
 * The token kinds and texts were checked against Python's tokenize
 * module, the errors (message, line, offset, end) against CPython 3.11's
 * compile(), which reports them the same way.  Positions in the streams
 * are line,byte-column pairs as in ast.h; like CPython's tokenizer, a
 * NEWLINE after a comment starts at the comment.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/lexer.h"
#include "parser.h"
#include "unit/check_main.h"

/* ---- token streams ------------------------------------------------------- */

typedef struct {
    const char *src, *tokens;
} lex_case;

static const lex_case streams[] = {
    {"x = 1 + 2  # hi\nif x:\n    print(x, 'a')\n", "1,0-1,1 NAME x\n"
                                                    "1,2-1,3 '='\n"
                                                    "1,4-1,5 NUMBER 1\n"
                                                    "1,6-1,7 '+'\n"
                                                    "1,8-1,9 NUMBER 2\n"
                                                    "1,11-1,15 NEWLINE\n"
                                                    "2,0-2,2 'if'\n"
                                                    "2,3-2,4 NAME x\n"
                                                    "2,4-2,5 ':'\n"
                                                    "2,5-2,5 NEWLINE\n"
                                                    "3,4-3,4 INDENT\n"
                                                    "3,4-3,9 NAME print\n"
                                                    "3,9-3,10 '('\n"
                                                    "3,10-3,11 NAME x\n"
                                                    "3,11-3,12 ','\n"
                                                    "3,13-3,16 STRING 'a'\n"
                                                    "3,16-3,17 ')'\n"
                                                    "3,17-3,17 NEWLINE\n"
                                                    "4,0-4,0 DEDENT\n"
                                                    "4,0-4,0 ENDMARKER\n"},
    {"x = [1,\n     2]\n", "1,0-1,1 NAME x\n"
                           "1,2-1,3 '='\n"
                           "1,4-1,5 '['\n"
                           "1,5-1,6 NUMBER 1\n"
                           "1,6-1,7 ','\n"
                           "2,5-2,6 NUMBER 2\n"
                           "2,6-2,7 ']'\n"
                           "2,7-2,7 NEWLINE\n"
                           "3,0-3,0 ENDMARKER\n"},
    {"if a:\n    if b:\n        c\n    d\ne\n", "1,0-1,2 'if'\n"
                                                "1,3-1,4 NAME a\n"
                                                "1,4-1,5 ':'\n"
                                                "1,5-1,5 NEWLINE\n"
                                                "2,4-2,4 INDENT\n"
                                                "2,4-2,6 'if'\n"
                                                "2,7-2,8 NAME b\n"
                                                "2,8-2,9 ':'\n"
                                                "2,9-2,9 NEWLINE\n"
                                                "3,8-3,8 INDENT\n"
                                                "3,8-3,9 NAME c\n"
                                                "3,9-3,9 NEWLINE\n"
                                                "4,4-4,4 DEDENT\n"
                                                "4,4-4,5 NAME d\n"
                                                "4,5-4,5 NEWLINE\n"
                                                "5,0-5,0 DEDENT\n"
                                                "5,0-5,1 NAME e\n"
                                                "5,1-5,1 NEWLINE\n"
                                                "6,0-6,0 ENDMARKER\n"},
    {"a \\\n  + b\n", "1,0-1,1 NAME a\n"
                      "2,2-2,3 '+'\n"
                      "2,4-2,5 NAME b\n"
                      "2,5-2,5 NEWLINE\n"
                      "3,0-3,0 ENDMARKER\n"},
    {"x = 0x1F + 0o17 + 0b11 + 1_000 + 1.5 + .5 + 1. + 1e-3 + 1j\n", "1,0-1,1 NAME x\n"
                                                                     "1,2-1,3 '='\n"
                                                                     "1,4-1,8 NUMBER 0x1F\n"
                                                                     "1,9-1,10 '+'\n"
                                                                     "1,11-1,15 NUMBER 0o17\n"
                                                                     "1,16-1,17 '+'\n"
                                                                     "1,18-1,22 NUMBER 0b11\n"
                                                                     "1,23-1,24 '+'\n"
                                                                     "1,25-1,30 NUMBER 1_000\n"
                                                                     "1,31-1,32 '+'\n"
                                                                     "1,33-1,36 NUMBER 1.5\n"
                                                                     "1,37-1,38 '+'\n"
                                                                     "1,39-1,41 NUMBER .5\n"
                                                                     "1,42-1,43 '+'\n"
                                                                     "1,44-1,46 NUMBER 1.\n"
                                                                     "1,47-1,48 '+'\n"
                                                                     "1,49-1,53 NUMBER 1e-3\n"
                                                                     "1,54-1,55 '+'\n"
                                                                     "1,56-1,58 NUMBER 1j\n"
                                                                     "1,58-1,58 NEWLINE\n"
                                                                     "2,0-2,0 ENDMARKER\n"},
    {"s = rb'x' f'{z}' '''t\nu'''\n", "1,0-1,1 NAME s\n"
                                      "1,2-1,3 '='\n"
                                      "1,4-1,9 STRING rb'x'\n"
                                      "1,10-1,16 STRING f'{z}'\n"
                                      "1,17-2,4 STRING '''t\n"
                                      "u'''\n"
                                      "2,4-2,4 NEWLINE\n"
                                      "3,0-3,0 ENDMARKER\n"},
    {"a->b **= c ... e := f != g\n", "1,0-1,1 NAME a\n"
                                     "1,1-1,3 '->'\n"
                                     "1,3-1,4 NAME b\n"
                                     "1,5-1,8 '**='\n"
                                     "1,9-1,10 NAME c\n"
                                     "1,11-1,14 '...'\n"
                                     "1,15-1,16 NAME e\n"
                                     "1,17-1,19 ':='\n"
                                     "1,20-1,21 NAME f\n"
                                     "1,22-1,24 '!='\n"
                                     "1,25-1,26 NAME g\n"
                                     "1,26-1,26 NEWLINE\n"
                                     "2,0-2,0 ENDMARKER\n"},
    {"\n\n# only comments\n   \nx\n", "5,0-5,1 NAME x\n"
                                      "5,1-5,1 NEWLINE\n"
                                      "6,0-6,0 ENDMARKER\n"},
    {"class A:\n\tpass", "1,0-1,5 'class'\n"
                         "1,6-1,7 NAME A\n"
                         "1,7-1,8 ':'\n"
                         "1,8-1,8 NEWLINE\n"
                         "2,1-2,1 INDENT\n"
                         "2,1-2,5 'pass'\n"
                         "2,5-2,5 NEWLINE\n"
                         "3,0-3,0 DEDENT\n"
                         "3,0-3,0 ENDMARKER\n"},
    {"x = 1if y else 2\n", "1,0-1,1 NAME x\n"
                           "1,2-1,3 '='\n"
                           "1,4-1,5 NUMBER 1\n"
                           "1,5-1,7 'if'\n"
                           "1,8-1,9 NAME y\n"
                           "1,10-1,14 'else'\n"
                           "1,15-1,16 NUMBER 2\n"
                           "1,16-1,16 NEWLINE\n"
                           "2,0-2,0 ENDMARKER\n"},
    {"a $ ? ! <> b\n", "1,0-1,1 NAME a\n"
                       "1,2-1,3 OP $\n"
                       "1,4-1,5 OP ?\n"
                       "1,6-1,7 OP !\n"
                       "1,8-1,10 OP <>\n"
                       "1,11-1,12 NAME b\n"
                       "1,12-1,12 NEWLINE\n"
                       "2,0-2,0 ENDMARKER\n"},
    {"x = 'caf\303\251' + \317\200\n", "1,0-1,1 NAME x\n"
                                       "1,2-1,3 '='\n"
                                       "1,4-1,11 STRING 'caf\303\251'\n"
                                       "1,12-1,13 '+'\n"
                                       "1,14-1,16 NAME \317\200\n"
                                       "1,16-1,16 NEWLINE\n"
                                       "2,0-2,0 ENDMARKER\n"},
    {"x = (\n", "1,0-1,1 NAME x\n"
                "1,2-1,3 '='\n"
                "1,4-1,5 '('\n"
                "error: SyntaxError|'(' was never closed|1|5|1|0\n"},
    {"x = 1\n  y\n", "1,0-1,1 NAME x\n"
                     "1,2-1,3 '='\n"
                     "1,4-1,5 NUMBER 1\n"
                     "1,5-1,5 NEWLINE\n"
                     "2,2-2,2 INDENT\n"
                     "2,2-2,3 NAME y\n"
                     "2,3-2,3 NEWLINE\n"
                     "3,0-3,0 DEDENT\n"
                     "3,0-3,0 ENDMARKER\n"},
};

START_TEST(test_stream) {
    const lex_case *c = &streams[_i];
    char *got = mp_lex_dump(c->src, strlen(c->src));
    ck_assert_str_eq(got, c->tokens);
    free(got);
}
END_TEST

/* ---- errors ----------------------------------------------------------------- */

typedef struct {
    const char *src;
    mp_synerr_kind kind;
    const char *msg;
    int line, col, end_line, end_col;
} err_case;

static const err_case errors[] = {
    {"x = 1 \\ 2", MP_SYNERR_SYNTAX, "unexpected character after line continuation character", 1, 8,
     1, 0},
    {"x = \\", MP_SYNERR_SYNTAX, "unexpected EOF while parsing", 1, 6, 1, 0},
    {"\001", MP_SYNERR_SYNTAX, "invalid non-printable character U+0001", 1, 1, 1, 1},
    {"a\013b", MP_SYNERR_SYNTAX, "invalid non-printable character U+000B", 1, 2, 1, 2},
    {"x = \342\202\254", MP_SYNERR_SYNTAX, "invalid character '\342\202\254' (U+20AC)", 1, 5, 1, 5},
    {"x = a\342\202\254b", MP_SYNERR_SYNTAX, "invalid character '\342\202\254' (U+20AC)", 1, 6, 1,
     6},
    {"x = \302\240", MP_SYNERR_SYNTAX, "invalid non-printable character U+00A0", 1, 5, 1, 5},
    {"if x:\n\ty\n        z\n", MP_SYNERR_TAB, "inconsistent use of tabs and spaces in indentation",
     3, 1, 3, 0},
    {"if x:\n        y\n\tz\n", MP_SYNERR_TAB, "inconsistent use of tabs and spaces in indentation",
     3, 1, 3, 0},
    {"if x:\n  a\n b\n", MP_SYNERR_INDENT, "unindent does not match any outer indentation level", 3,
     3, 3, 0},
    {"x)", MP_SYNERR_SYNTAX, "unmatched ')'", 1, 2, 1, 2},
    {"(]", MP_SYNERR_SYNTAX, "closing parenthesis ']' does not match opening parenthesis '('", 1, 2,
     1, 2},
    {"(\n]", MP_SYNERR_SYNTAX,
     "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 1, 2, 1},
    {"'abc", MP_SYNERR_SYNTAX, "unterminated string literal (detected at line 1)", 1, 1, 1, 1},
    {"\"\"\"abc\n\n", MP_SYNERR_SYNTAX,
     "unterminated triple-quoted string literal (detected at line 2)", 1, 1, 1, 1},
    {"x = '\342\202\254", MP_SYNERR_SYNTAX, "unterminated string literal (detected at line 1)", 1,
     5, 1, 5},
    {"1abc", MP_SYNERR_SYNTAX, "invalid decimal literal", 1, 1, 1, 1},
    {"012", MP_SYNERR_SYNTAX,
     "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal "
     "integers",
     1, 1, 1, 2},
    {"0x", MP_SYNERR_SYNTAX, "invalid hexadecimal literal", 1, 2, 1, 2},
    {"1_", MP_SYNERR_SYNTAX, "invalid decimal literal", 1, 2, 1, 2},
    {"1__0", MP_SYNERR_SYNTAX, "invalid decimal literal", 1, 2, 1, 2},
    {"0b2", MP_SYNERR_SYNTAX, "invalid digit '2' in binary literal", 1, 3, 1, 3},
    {"0o8", MP_SYNERR_SYNTAX, "invalid digit '8' in octal literal", 1, 3, 1, 3},
    {"1e", MP_SYNERR_SYNTAX, "invalid decimal literal", 1, 1, 1, 1},
    {"1.e5x", MP_SYNERR_SYNTAX, "invalid decimal literal", 1, 4, 1, 4},
    {"0_", MP_SYNERR_SYNTAX, "invalid decimal literal", 1, 2, 1, 2},
    {"0x1g", MP_SYNERR_SYNTAX, "invalid hexadecimal literal", 1, 3, 1, 3},
    {"1.5_", MP_SYNERR_SYNTAX, "invalid decimal literal", 1, 4, 1, 4},
    {"1e+", MP_SYNERR_SYNTAX, "invalid decimal literal", 1, 3, 1, 3},
    {"x = (", MP_SYNERR_SYNTAX, "'(' was never closed", 1, 5, 1, 0},
    {"x = [1,\n2\n", MP_SYNERR_SYNTAX, "'[' was never closed", 1, 5, 1, 0},
    {"(1,\\\n", MP_SYNERR_SYNTAX, "'(' was never closed", 1, 1, 1, 0},
};

/* The last line of a token dump is "error: <Kind>|msg|line|col|line|col". */
static char *last_line(char *dump) {
    size_t n = strlen(dump);
    if (n && dump[n - 1] == '\n')
        dump[--n] = '\0';
    char *nl = strrchr(dump, '\n');
    return nl ? nl + 1 : dump;
}

START_TEST(test_error) {
    static const char *const kinds[] = {"SyntaxError", "IndentationError", "TabError"};
    const err_case *c = &errors[_i];
    char *got = mp_lex_dump(c->src, strlen(c->src));
    char want[512];
    snprintf(want, sizeof want, "error: %s|%s|%d|%d|%d|%d", kinds[c->kind], c->msg, c->line, c->col,
             c->end_line, c->end_col);
    ck_assert_str_eq(last_line(got), want);
    free(got);
}
END_TEST

/* ---- the token API ------------------------------------------------------------ */

/* Lexes `src` with the token-level API, returning the kinds (0-ended). */
static int lex_kinds(const char *src, int *kinds, int max) {
    mp_arena *a = mp_arena_new();
    mp_syntax_error err;
    size_t n;
    const char *buf = mp_source_prepare(a, src, strlen(src), "t.py", &n, &err);
    ck_assert_ptr_nonnull(buf);
    mp_lexer lx;
    mp_lexer_init(&lx, buf, n, &err);
    int count = 0;
    mp_token t;
    do {
        kinds[count] = mp_lexer_next(&lx, &t);
    } while (kinds[count] != T_ENDMARKER && kinds[count] != MP_TOK_ERROR && ++count < max);
    mp_arena_free(a);
    return count;
}

START_TEST(test_token_api) {
    int kinds[32];
    int n = lex_kinds("def f(a):\n    return a ** 2\n", kinds, 32);
    static const int want[] = {T_DEF,        T_NAME,    '(',       T_NAME,   ')',
                               ':',          T_NEWLINE, T_INDENT,  T_RETURN, T_NAME,
                               T_DOUBLESTAR, T_NUMBER,  T_NEWLINE, T_DEDENT};
    ck_assert_int_eq(n, (int)(sizeof want / sizeof want[0]));
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(kinds[i], want[i]);
    ck_assert_int_eq(kinds[n], T_ENDMARKER);
    ck_assert_str_eq(mp_token_name(T_DEF), "'def'");
    ck_assert_str_eq(mp_token_name(T_NAME), "NAME");
    ck_assert_str_eq(mp_token_name('('), "'('");
}
END_TEST

START_TEST(test_soft_keywords_are_names) {
    int kinds[16];
    int n = lex_kinds("match case type _\n", kinds, 16);
    ck_assert_int_eq(n, 5);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(kinds[i], T_NAME);
}
END_TEST

/* ---- source preparation ---------------------------------------------------------- */

static const char *prepare(const char *src, size_t len, size_t *n, mp_syntax_error *err,
                           mp_arena *a) {
    return mp_source_prepare(a, src, len, "f.py", n, err);
}

START_TEST(test_prepare_newlines) {
    mp_arena *a = mp_arena_new();
    mp_syntax_error err;
    size_t n;
    const char *s = prepare("a\r\nb\rc", 6, &n, &err, a);
    ck_assert_str_eq(s, "a\nb\nc\n");
    ck_assert_int_eq((int)n, 6);
    s = prepare("\xef\xbb\xbfx = 1", 8, &n, &err, a);
    ck_assert_str_eq(s, "x = 1\n");
    s = prepare("", 0, &n, &err, a);
    ck_assert_str_eq(s, "\n");
    mp_arena_free(a);
}
END_TEST

START_TEST(test_prepare_errors) {
    mp_arena *a = mp_arena_new();
    mp_syntax_error err;
    size_t n;
    ck_assert_ptr_null(prepare("x = 1\ny = \0\n", 12, &n, &err, a));
    ck_assert_str_eq(err.msg, "source code cannot contain null bytes");
    ck_assert_int_eq(err.line, 2);
    /* Like CPython on a file, without a location (line 0). */
    ck_assert_ptr_null(prepare("x = 1\ny = '\xff'\n", 12, &n, &err, a));
    ck_assert_str_eq(err.msg,
                     "Non-UTF-8 code starting with '\\xff' in file f.py on line 2, but no "
                     "encoding declared; see https://peps.python.org/pep-0263/ for details");
    ck_assert_int_eq(err.line, 0);
    /* Overlong forms and UTF-16 surrogates are not UTF-8 either. */
    ck_assert_ptr_null(prepare("'\xc0\xaf'", 4, &n, &err, a));
    ck_assert_ptr_null(prepare("'\xed\xa0\x80'", 5, &n, &err, a));
    ck_assert_ptr_nonnull(prepare("'\xf0\x9f\x98\x80'", 6, &n, &err, a));
    mp_arena_free(a);
}
END_TEST

START_TEST(test_char_offsets) {
    /* CPython's offsets count characters, the AST's columns bytes. */
    ck_assert_int_eq(mp_char_offset("caf\xc3\xa9 = 1", 0), 1);
    ck_assert_int_eq(mp_char_offset("caf\xc3\xa9 = 1", 5), 5);
    ck_assert_int_eq(mp_char_offset("caf\xc3\xa9 = 1", 8), 8);
}
END_TEST

START_TEST(test_unicode_classes) {
    ck_assert(mp_uni_is_id_start('a'));
    ck_assert(!mp_uni_is_id_start('1'));
    ck_assert(mp_uni_is_id_continue('1'));
    ck_assert(mp_uni_is_id_start(0x3C0));     /* pi */
    ck_assert(!mp_uni_is_id_start(0x20AC));   /* euro sign */
    ck_assert(mp_uni_is_id_continue(0x0301)); /* combining acute accent */
    ck_assert(!mp_uni_is_id_start(0x0301));
    ck_assert(mp_uni_is_printable(0x20AC));
    ck_assert(!mp_uni_is_printable(0xA0)); /* no-break space */
    ck_assert(!mp_uni_is_printable(0x7F));
}
END_TEST

static Suite *make_suite(void) {
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_stream, 0, (int)(sizeof streams / sizeof streams[0]));
    tcase_add_loop_test(tc, test_error, 0, (int)(sizeof errors / sizeof errors[0]));
    tcase_add_test(tc, test_token_api);
    tcase_add_test(tc, test_soft_keywords_are_names);
    tcase_add_test(tc, test_prepare_newlines);
    tcase_add_test(tc, test_prepare_errors);
    tcase_add_test(tc, test_char_offsets);
    tcase_add_test(tc, test_unicode_classes);
    suite_add_tcase(s, tc);
    return s;
}

MP_CHECK_MAIN_BARE(make_suite)

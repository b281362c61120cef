/*
 * traceback.c — traceback objects, and the report of an uncaught
 * exception in CPython 3.11's format.  The printing logic follows
 * CPython's C implementation (Python/traceback.c, pythonrun.c): source
 * lines are re-read from the file, carets come from the instruction's
 * column range, and `~~~^^^` anchors come from re-parsing the highlighted
 * segment and finding the binary operator or subscript in it.
 */
#include "interp/traceback.h"

#include <stdio.h>
#include <string.h>

#include "grammar/ast.h"
#include "interp/code.h"
#include "interp/compile.h"
#include "runtime/errors.h"
#include "runtime/mod_sys.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"
#include "runtime/tstate.h"

/* ---- traceback objects ------------------------------------------------------ */

void mp_traceback_here(mp_frame *f) {
    mp_tstate *ts = mp_ts();
    mp_obj *exc = ts->curexc;
    if (!exc || !mp_has_tflag(exc, MP_TFLAG_EXC_SUBCLASS))
        return;
    mp_exc *e = (mp_exc *)exc;
    mp_traceback *tb = (mp_traceback *)mp_obj_alloc(&mp_type_traceback, sizeof(mp_traceback));
    tb->next = e->traceback; /* the reference moves into the new entry */
    tb->code = mp_newref((mp_obj *)f->code);
    tb->globals = mp_newref(f->globals);
    tb->lasti = mp_frame_lasti(f);
    tb->lineno = mp_code_line(f->code, tb->lasti);
    e->traceback = (mp_obj *)tb;
}

/* Long chains (deep recursion) must not be freed by C recursion: while a
 * traceback is being freed, the entries it releases are queued and
 * dropped by the outermost dealloc. */
static _Thread_local mp_obj **tb_pending;
static _Thread_local size_t tb_npending, tb_cappending;
static _Thread_local bool tb_freeing;

static void tb_dealloc(mp_obj *self) {
    mp_traceback *tb = (mp_traceback *)self;
    mp_obj *next = tb->next;
    mp_decref(tb->code);
    mp_decref(tb->globals);
    mp_obj_free(self);
    if (!next)
        return;
    if (tb_freeing) {
        if (tb_npending == tb_cappending) {
            tb_cappending = tb_cappending ? tb_cappending * 2 : 64;
            tb_pending = mp_mem_realloc(tb_pending, tb_cappending * sizeof(mp_obj *));
        }
        tb_pending[tb_npending++] = next;
        return;
    }
    tb_freeing = true;
    mp_decref(next);
    while (tb_npending > 0)
        mp_decref(tb_pending[--tb_npending]);
    tb_freeing = false;
}

static mp_obj *tb_get_next(mp_obj *self) {
    mp_obj *n = ((mp_traceback *)self)->next;
    return mp_newref(n ? n : mp_None);
}
static mp_obj *tb_get_lineno(mp_obj *self) { return mp_small(((mp_traceback *)self)->lineno); }
static mp_obj *tb_get_lasti(mp_obj *self) { return mp_small(((mp_traceback *)self)->lasti); }
static mp_obj *tb_get_frame(mp_obj *self) { return mp_newref(mp_None); }

static const mp_getset_def tb_getset[] = {
    {"tb_next", tb_get_next, NULL},
    {"tb_lineno", tb_get_lineno, NULL},
    {"tb_lasti", tb_get_lasti, NULL},
    {"tb_frame", tb_get_frame, NULL},
    {NULL},
};

mp_type mp_type_traceback = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "traceback",
    .basicsize = sizeof(mp_traceback),
    .dealloc = tb_dealloc,
    .getset = tb_getset,
};

/* ---- source lines ---------------------------------------------------------------- */

typedef struct srcline {
    char *text;   /* the line without its newline (malloc'd), or NULL */
    size_t len;
} srcline;

/* CPython does not try to open "<string>", "<stdin>" and the like. */
static bool pseudo_filename(const char *name) {
    size_t n = strlen(name);
    return n > 0 && name[0] == '<' && name[n - 1] == '>';
}

static srcline read_line(const char *filename, int lineno) {
    srcline out = {NULL, 0};
    if (lineno < 1 || pseudo_filename(filename))
        return out;
    FILE *fp = fopen(filename, "rb");
    if (!fp)
        return out;
    mp_sb sb;
    mp_sb_init(&sb, 128);
    int line = 1, ch;
    while ((ch = getc(fp)) != EOF) {
        if (ch == '\r') { /* universal newlines */
            int next = getc(fp);
            if (next != '\n' && next != EOF)
                ungetc(next, fp);
            ch = '\n';
        }
        if (line == lineno && ch != '\n')
            mp_sb_addc(&sb, (char)ch);
        if (ch == '\n' && ++line > lineno)
            break;
    }
    fclose(fp);
    if (line < lineno || (line == lineno && sb.len == 0 && ch == EOF)) {
        mp_sb_free(&sb);
        return out;
    }
    out.len = sb.len;
    out.text = mp_mem_alloc(sb.len + 1);
    memcpy(out.text, sb.buf, sb.len);
    out.text[sb.len] = '\0';
    mp_sb_free(&sb);
    return out;
}

/* Byte index of character `ch` in s. */
static size_t byte_of_char(const char *s, size_t len, int ch) {
    size_t i = 0;
    for (int c = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == ch)
            return i;
    }
    return len;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/* ---- caret anchors ------------------------------------------------------------------ */

typedef struct anchors {
    int left, right;   /* character offsets in the line, or -1 */
    char primary, secondary;
} anchors;

/* Re-parses the highlighted segment; for a binary operation marks the
 * operator, for a subscript the brackets (CPython's
 * extract_anchors_from_expr). */
static void find_anchors(const char *filename, const char *seg, size_t seglen, int start_offset,
                         anchors *an) {
    mp_arena *arena = mp_arena_new();
    mp_syntax_error err;
    mp_node *root = mp_parse(arena, seg, seglen, filename, MP_PARSE_FILE, &err);
    int left = -1, right = -1;
    if (root && root->kind == MP_AST_Module && root->v.module.body.n == 1 &&
        root->v.module.body.items[0]->kind == MP_AST_Expr) {
        mp_node *e = root->v.module.body.items[0]->v.expr.value;
        if (e->kind == MP_AST_BinOp && e->loc.line == e->loc.end_line) {
            int lend = e->v.binop.left->loc.end_col, rcol = e->v.binop.right->loc.col;
            for (int i = lend; i < rcol && i < (int)seglen; i++) {
                if (is_ws(seg[i]))
                    continue;
                left = i;
                right = i + 1;
                if (i + 1 < rcol && !is_ws(seg[i + 1]))
                    right++;
                if (i + 1 < rcol && seg[i] == ')')
                    continue;
                break;
            }
        } else if (e->kind == MP_AST_Subscript) {
            int len = (int)seglen;
            left = e->v.subscript.value->loc.end_col;
            right = e->v.subscript.slice->loc.end_col + 1;
            while (left < len && (is_ws(seg[left]) || seg[left] != '['))
                left++;
            while (right < len && (is_ws(seg[right]) || seg[right] != ']'))
                right++;
            if (right < len)
                right++;
        }
    }
    mp_arena_free(arena);
    if (left >= 0) {
        an->left = mp_utf8_chars(seg, (size_t)left) + start_offset;
        an->right = mp_utf8_chars(seg, (size_t)right) + start_offset;
        an->primary = '~';
        an->secondary = '^';
    }
}

/* ---- one traceback entry -------------------------------------------------------------- */

static void display_line(mp_sb *sb, mp_traceback *tb) {
    mp_code *co = (mp_code *)tb->code;
    mp_sb_add_cstr(sb, "  File \"");
    mp_sb_add(sb, mp_str_data(co->filename), mp_str_size(co->filename));
    char buf[64];
    snprintf(buf, sizeof buf, "\", line %d, in ", tb->lineno);
    mp_sb_add_cstr(sb, buf);
    mp_sb_add(sb, mp_str_data(co->name), mp_str_size(co->name));
    mp_sb_addc(sb, '\n');

    srcline src = read_line(mp_str_data(co->filename), tb->lineno);
    if (!src.text)
        return;
    const char *line = src.text;
    size_t ws = 0;
    while (ws < src.len && (line[ws] == ' ' || line[ws] == '\t' || line[ws] == '\f'))
        ws++;
    mp_sb_add_cstr(sb, "    ");
    mp_sb_add(sb, line + ws, src.len - ws);
    mp_sb_addc(sb, '\n');

    const mp_codeloc *loc = mp_code_loc(co, tb->lasti);
    if (loc->line <= 0 || loc->end_line <= 0 || loc->col < 0 || loc->end_col < 0 ||
        loc->line != tb->lineno) {
        mp_mem_free(src.text);
        return;
    }
    int total = mp_utf8_chars(line, src.len);
    int indent = mp_utf8_chars(line, ws);
    int start = mp_utf8_chars(line, (size_t)loc->col < src.len ? (size_t)loc->col : src.len);
    int end = mp_utf8_chars(line, (size_t)loc->end_col < src.len ? (size_t)loc->end_col : src.len);
    anchors an = {-1, -1, '^', '^'};
    if (loc->line == loc->end_line) {
        if (end > start) {
            size_t b0 = byte_of_char(line, src.len, start), b1 = byte_of_char(line, src.len, end);
            find_anchors(mp_str_data(co->filename), line + b0, b1 - b0, start, &an);
        }
    } else {
        int i = (int)src.len;
        while (--i >= 0 && is_ws(line[i]))
            ;
        end = mp_utf8_chars(line, (size_t)(i + 1));
    }
    bool secondary = an.left != -1 || an.right != -1;
    if (!(end - start == total - indent && !secondary)) {
        for (int off = indent - 4 + 1; off <= end; off++) {
            if (off <= start)
                mp_sb_addc(sb, ' ');
            else if (secondary && an.left < off && off <= an.right)
                mp_sb_addc(sb, an.secondary);
            else
                mp_sb_addc(sb, an.primary);
        }
        mp_sb_addc(sb, '\n');
    }
    mp_mem_free(src.text);
}

#define TB_RECURSIVE_CUTOFF 3
#define TB_LIMIT 1000

static void print_repeated(mp_sb *sb, long cnt) {
    char buf[96];
    cnt -= TB_RECURSIVE_CUTOFF;
    snprintf(buf, sizeof buf, cnt > 1 ? "  [Previous line repeated %ld more times]\n"
                                      : "  [Previous line repeated %ld more time]\n",
             cnt);
    mp_sb_add_cstr(sb, buf);
}

static void print_tb(mp_sb *sb, mp_obj *tbo) {
    long depth = 0;
    for (mp_obj *t = tbo; t; t = ((mp_traceback *)t)->next)
        depth++;
    while (tbo && depth > TB_LIMIT) {
        depth--;
        tbo = ((mp_traceback *)tbo)->next;
    }
    mp_obj *last_file = NULL, *last_name = NULL;
    int last_line = -1;
    long cnt = 0;
    for (; tbo; tbo = ((mp_traceback *)tbo)->next) {
        mp_traceback *tb = (mp_traceback *)tbo;
        mp_code *co = (mp_code *)tb->code;
        if (!last_file || !mp_str_eq(co->filename, last_file) || tb->lineno != last_line ||
            !mp_str_eq(co->name, last_name)) {
            if (cnt > TB_RECURSIVE_CUTOFF)
                print_repeated(sb, cnt);
            last_file = co->filename;
            last_line = tb->lineno;
            last_name = co->name;
            cnt = 0;
        }
        if (++cnt <= TB_RECURSIVE_CUTOFF)
            display_line(sb, tb);
    }
    if (cnt > TB_RECURSIVE_CUTOFF)
        print_repeated(sb, cnt);
}

/* ---- SyntaxError location ---------------------------------------------------------------- */

static mp_obj *attr_or_arg(mp_obj *exc, const char *name, int argindex) {
    mp_obj *v = mp_exc_get_attr(exc, mp_str_intern_cstr(name));
    if (v)
        return mp_newref(v);
    mp_err_clear();
    mp_obj *args = ((mp_exc *)exc)->args;
    if (argindex < 0 || !args || mp_tuple_size(args) < 2)
        return NULL;
    mp_obj *details = mp_tuple_items(args)[1];
    if (!mp_tuple_check(details) || mp_tuple_size(details) <= (size_t)argindex)
        return NULL;
    return mp_newref(mp_tuple_items(details)[argindex]);
}

static long int_attr(mp_obj *exc, const char *name, int argindex, long dflt) {
    mp_obj *v = attr_or_arg(exc, name, argindex);
    int64_t x = dflt;
    if (v && mp_int_check(v) && mp_int_as_i64(v, &x) < 0) {
        mp_err_clear();
        x = dflt;
    }
    mp_xdecref(v);
    return (long)x;
}

static void print_error_text(mp_sb *sb, long offset, long end_offset, const char *text) {
    long caret_repetitions = (end_offset > 0 && end_offset > offset) ? end_offset - offset : 1;
    offset--;
    while (*text == ' ' || *text == '\t' || *text == '\f') {
        text++;
        offset--;
    }
    long len = (long)strlen(text);
    if (len > 0 && text[len - 1] == '\n')
        len--;
    if (offset > len)
        offset = len;
    for (;;) {
        const char *nl = strchr(text, '\n');
        if (!nl)
            break;
        long inl = nl - text;
        if (inl >= offset)
            break;
        inl += 1;
        text += inl;
        len -= inl;
        offset -= inl;
    }
    mp_sb_add_cstr(sb, "    ");
    mp_sb_add_cstr(sb, text);
    if (text[len] != '\n')
        mp_sb_addc(sb, '\n');
    if (offset < 0)
        return;
    mp_sb_add_cstr(sb, "    ");
    while (--offset >= 0)
        mp_sb_addc(sb, ' ');
    for (long i = 0; i < caret_repetitions; i++)
        mp_sb_addc(sb, '^');
    mp_sb_addc(sb, '\n');
}

/* The `File "x", line N` / text / caret block of a SyntaxError.  Returns
 * the message to print after the type name (new ref) or NULL. */
static mp_obj *print_syntax_error(mp_sb *sb, mp_obj *exc) {
    mp_obj *msg = attr_or_arg(exc, "msg", -1);
    if (!msg) {
        mp_obj *args = ((mp_exc *)exc)->args;
        if (args && mp_tuple_size(args) >= 1)
            msg = mp_newref(mp_tuple_items(args)[0]);
    }
    mp_obj *filename = attr_or_arg(exc, "filename", 0);
    long lineno = int_attr(exc, "lineno", 1, -1);
    if (!msg || !filename || filename == mp_None || lineno < 0) {
        mp_xdecref(filename);
        return msg;
    }
    long offset = int_attr(exc, "offset", 2, -1);
    long end_lineno = lineno, end_offset = -1;
    if (mp_isinstance_exact(exc, &mp_type_SyntaxError)) { /* CPython ignores the end */
        end_lineno = int_attr(exc, "end_lineno", 4, lineno); /* of subclasses' ranges */
        end_offset = int_attr(exc, "end_offset", 5, -1);
    }
    mp_obj *text = attr_or_arg(exc, "text", 3);
    char buf[64];
    mp_sb_add_cstr(sb, "  File \"");
    mp_sb_add_obj(sb, filename, false);
    snprintf(buf, sizeof buf, "\", line %ld\n", lineno);
    mp_sb_add_cstr(sb, buf);
    if (text && mp_str_check(text)) {
        long size = (long)mp_str_size(text);
        if (end_lineno > lineno)
            end_offset = size;
        if (end_offset > size + 1)
            end_offset = size + 1;
        print_error_text(sb, offset, end_offset, mp_str_data(text));
    }
    mp_xdecref(text);
    mp_decref(filename);
    return msg;
}

/* ---- "Did you mean" (CPython's suggestions.c) ---------------------------------------- */

#define MOVE_COST 2
#define CASE_COST 1
#define MAX_STRING_SIZE 40
#define MAX_CANDIDATE_ITEMS 750

static int substitution_cost(char a, char b) {
    if ((a & 31) != (b & 31))
        return MOVE_COST;
    if (a == b)
        return 0;
    if ('A' <= a && a <= 'Z')
        a += 'a' - 'A';
    if ('A' <= b && b <= 'Z')
        b += 'a' - 'A';
    return a == b ? CASE_COST : MOVE_COST;
}

static size_t levenshtein(const char *a, size_t asize, const char *b, size_t bsize, size_t max_cost) {
    size_t buffer[MAX_STRING_SIZE];
    if (a == b)
        return 0;
    while (asize && bsize && a[0] == b[0]) {
        a++, asize--;
        b++, bsize--;
    }
    while (asize && bsize && a[asize - 1] == b[bsize - 1])
        asize--, bsize--;
    if (asize == 0 || bsize == 0)
        return (asize + bsize) * MOVE_COST;
    if (asize > MAX_STRING_SIZE || bsize > MAX_STRING_SIZE)
        return max_cost + 1;
    if (bsize < asize) {
        const char *t = a;
        a = b;
        b = t;
        size_t ts = asize;
        asize = bsize;
        bsize = ts;
    }
    if ((bsize - asize) * MOVE_COST > max_cost)
        return max_cost + 1;
    size_t tmp = MOVE_COST;
    for (size_t i = 0; i < asize; i++) {
        buffer[i] = tmp;
        tmp += MOVE_COST;
    }
    size_t result = 0;
    for (size_t bi = 0; bi < bsize; bi++) {
        char code = b[bi];
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = (size_t)-1;
        for (size_t i = 0; i < asize; i++) {
            size_t substitute = distance + (size_t)substitution_cost(code, a[i]);
            distance = buffer[i];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            buffer[i] = result;
            if (result < minimum)
                minimum = result;
        }
        if (minimum > max_cost)
            return max_cost + 1;
    }
    return result;
}

/* The closest str among items (new reference), as CPython's
 * calculate_suggestions, or NULL. */
static mp_obj *suggest_from(mp_obj *const *items, size_t n, mp_obj *name) {
    if (n >= MAX_CANDIDATE_ITEMS)
        return NULL;
    mp_obj *best = NULL;
    size_t best_distance = (size_t)-1 >> 1;
    const char *nm = mp_str_data(name);
    size_t nsize = mp_str_size(name);
    for (size_t i = 0; i < n; i++) {
        mp_obj *item = items[i];
        if (!mp_str_check(item) || mp_str_eq(item, name))
            continue;
        size_t isize = mp_str_size(item);
        size_t maxd = (nsize + isize + 3) * MOVE_COST / 6;
        if (maxd > best_distance - 1)
            maxd = best_distance - 1;
        size_t d = levenshtein(nm, nsize, mp_str_data(item), isize, maxd);
        if (d > maxd)
            continue;
        if (!best || d < best_distance) {
            best = item;
            best_distance = d;
        }
    }
    return best ? mp_newref(best) : NULL;
}

static mp_obj *suggest_from_list(mp_obj *list, mp_obj *name) {
    if (!list || !mp_list_check(list))
        return NULL;
    return suggest_from(mp_list_items(list), mp_list_size(list), name);
}

static mp_obj *suggest_from_dict(mp_obj *d, mp_obj *name) {
    mp_obj *keys = mp_dict_keys_list(d);
    mp_obj *res = suggest_from_list(keys, name);
    mp_xdecref(keys);
    return res;
}

static mp_obj *name_error_suggestion(mp_obj *exc, mp_obj *name) {
    mp_obj *tbo = ((mp_exc *)exc)->traceback;
    if (!tbo)
        return NULL;
    while (((mp_traceback *)tbo)->next)
        tbo = ((mp_traceback *)tbo)->next;
    mp_traceback *tb = (mp_traceback *)tbo;
    mp_code *co = (mp_code *)tb->code;
    mp_obj *res = suggest_from(mp_tuple_items(co->varnames), mp_tuple_size(co->varnames), name);
    if (!res)
        res = suggest_from_dict(tb->globals, name);
    if (!res && mp_builtins_dict)
        res = suggest_from_dict(mp_builtins_dict, name);
    return res;
}

static mp_obj *attribute_error_suggestion(mp_obj *exc, mp_obj *name) {
    mp_obj *obj = mp_getattr_opt(exc, mp_str_intern_cstr("obj"));
    mp_obj *dirf = mp_builtins_dict ? mp_dict_get_cstr(mp_builtins_dict, "dir") : NULL;
    mp_obj *dir = obj && obj != mp_None && dirf ? mp_call1(dirf, obj) : NULL;
    mp_obj *res = suggest_from_list(dir, name);
    mp_xdecref(dir);
    mp_xdecref(obj);
    return res;
}

/* The name to suggest for a NameError/AttributeError (new ref), or NULL. */
static mp_obj *offer_suggestion(mp_obj *exc) {
    mp_type *t = mp_typeof(exc);
    bool name_error = mp_type_is_subtype(t, &mp_type_NameError);
    if (!name_error && !mp_type_is_subtype(t, &mp_type_AttributeError))
        return NULL;
    mp_obj *name = mp_getattr_opt(exc, mp_str_intern_cstr("name"));
    mp_obj *res = NULL;
    if (name && mp_str_check(name))
        res = name_error ? name_error_suggestion(exc, name) : attribute_error_suggestion(exc, name);
    mp_xdecref(name);
    mp_err_clear();
    return res;
}

/* ---- whole report ------------------------------------------------------------------------ */

static const char cause_message[] =
    "\nThe above exception was the direct cause of the following exception:\n\n";
static const char context_message[] =
    "\nDuring handling of the above exception, another exception occurred:\n\n";

static void print_type_name(mp_sb *sb, mp_obj *exc) {
    mp_type *t = mp_typeof(exc);
    if (t->tflags & MP_TFLAG_HEAPTYPE) {
        mp_obj *mod = mp_getattr_opt((mp_obj *)t, mp_str_intern_cstr("__module__"));
        if (mod && mp_str_check(mod) && !mp_str_eq_cstr(mod, "builtins")) {
            mp_sb_add(sb, mp_str_data(mod), mp_str_size(mod));
            mp_sb_addc(sb, '.');
        }
        mp_xdecref(mod);
        mp_err_clear();
    }
    mp_sb_add_cstr(sb, t->name);
}

static void print_one(mp_sb *sb, mp_obj *exc) {
    if (!mp_has_tflag(exc, MP_TFLAG_EXC_SUBCLASS)) {
        mp_sb_add_cstr(sb, "TypeError: print_exception(): Exception expected for value, ");
        mp_sb_add_cstr(sb, mp_type_name(exc));
        mp_sb_add_cstr(sb, " found\n");
        return;
    }
    mp_exc *e = (mp_exc *)exc;
    if (e->traceback) {
        mp_sb_add_cstr(sb, "Traceback (most recent call last):\n");
        print_tb(sb, e->traceback);
    }
    if (mp_type_is_subtype(mp_typeof(exc), &mp_type_SyntaxError)) {
        mp_obj *msg = print_syntax_error(sb, exc);
        print_type_name(sb, exc);
        if (msg) {
            mp_obj *s = mp_str(msg);
            if (s && mp_str_size(s) > 0) {
                mp_sb_add_cstr(sb, ": ");
                mp_sb_add(sb, mp_str_data(s), mp_str_size(s));
            }
            mp_xdecref(s);
            mp_decref(msg);
        }
        mp_sb_addc(sb, '\n');
        mp_err_clear();
        return;
    }
    mp_obj *line = mp_exc_format_only(exc);
    if (line) {
        size_t n = mp_str_size(line);
        while (n > 0 && mp_str_data(line)[n - 1] == '\n')
            n--;
        mp_sb_add(sb, mp_str_data(line), n);
        mp_decref(line);
    } else {
        mp_err_clear();
        print_type_name(sb, exc);
        mp_sb_add_cstr(sb, ": <exception str() failed>");
    }
    mp_obj *sugg = offer_suggestion(exc);
    if (sugg) {
        mp_sb_add_cstr(sb, ". Did you mean: '");
        mp_sb_add(sb, mp_str_data(sugg), mp_str_size(sugg));
        mp_sb_add_cstr(sb, "'?");
        mp_decref(sugg);
    }
    mp_sb_addc(sb, '\n');
}

typedef struct seen_set {
    mp_obj **items;
    size_t n, cap;
} seen_set;

static bool seen_has(seen_set *s, mp_obj *o) {
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i] == o)
            return true;
    return false;
}

static void print_recursive(mp_sb *sb, mp_obj *exc, seen_set *seen, int depth) {
    if (seen->n == seen->cap) {
        seen->cap = seen->cap ? seen->cap * 2 : 8;
        seen->items = mp_mem_realloc(seen->items, seen->cap * sizeof(mp_obj *));
    }
    seen->items[seen->n++] = exc;
    if (mp_has_tflag(exc, MP_TFLAG_EXC_SUBCLASS) && depth < 100) {
        mp_exc *e = (mp_exc *)exc;
        if (e->cause) {
            if (!seen_has(seen, e->cause)) {
                print_recursive(sb, e->cause, seen, depth + 1);
                mp_sb_add_cstr(sb, cause_message);
            }
        } else if (e->context && !e->suppress_context && !seen_has(seen, e->context)) {
            print_recursive(sb, e->context, seen, depth + 1);
            mp_sb_add_cstr(sb, context_message);
        }
    }
    print_one(sb, exc);
}

mp_obj *mp_format_exception(mp_obj *exc) {
    mp_sb sb;
    mp_sb_init(&sb, 256);
    seen_set seen = {NULL, 0, 0};
    print_recursive(&sb, exc, &seen, 0);
    mp_mem_free(seen.items);
    return mp_sb_finish(&sb);
}

void mp_print_unraisable(mp_obj *exc, mp_obj *obj) {
    mp_obj *saved = mp_err_fetch();
    mp_sys_flush_std();
    mp_sb sb;
    mp_sb_init(&sb, 256);
    mp_sb_add_cstr(&sb, "Exception ignored in: ");
    if (mp_sb_add_obj(&sb, obj, true) < 0) {
        mp_err_clear();
        mp_sb_add_cstr(&sb, "<object repr() failed>");
    }
    mp_sb_addc(&sb, '\n');
    print_one(&sb, exc);
    mp_obj *text = mp_sb_finish(&sb);
    if (text && mp_sys_write_str("stderr", text) < 0) {
        mp_err_clear();
        fwrite(mp_str_data(text), 1, mp_str_size(text), stderr);
    }
    mp_xdecref(text);
    mp_err_clear();
    mp_err_restore(saved);
}

void mp_print_exception(mp_obj *exc) {
    mp_obj *saved = mp_err_fetch(); /* printing must not see a pending error */
    mp_sys_flush_std();             /* what was printed before comes first */
    mp_obj *text = mp_format_exception(exc);
    if (!text || mp_sys_write_str("stderr", text) < 0) {
        mp_err_clear();
        if (text)
            fwrite(mp_str_data(text), 1, mp_str_size(text), stderr);
        else
            fputs("Error formatting the exception\n", stderr);
    }
    mp_xdecref(text);
    mp_sys_flush_std();
    mp_err_clear();
    mp_xdecref(saved);
}

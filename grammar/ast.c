/*
 * ast.c — the AST's memory and its text form.  Nodes live in an arena:
 * large zeroed chunks handed out by bumping a pointer and freed all at
 * once after compilation.  mp_ast_dump() renders a tree exactly as
 * Python's ast.dump() does (minus type_ignores and Constant.kind), which
 * lets the parser tests compare against CPython's own output.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/ast.h"
#include "grammar/lexer.h"

/* ---- arena ------------------------------------------------------------------ */

typedef struct chunk {
    struct chunk *next;
    size_t pad; /* keeps data 16-aligned */
    _Alignas(16) unsigned char data[];
} chunk;

struct mp_arena {
    chunk *chunks;
    unsigned char *cur, *end;
};

#define CHUNK_SIZE (64 * 1024)

static void *xcalloc(size_t n) {
    void *p = calloc(1, n);
    if (!p) {
        /* Like mp_mem_alloc: nothing sensible to do but stop. */
        fputs("MemoryError\n", stderr);
        exit(1);
    }
    return p;
}

mp_arena *mp_arena_new(void) { return xcalloc(sizeof(mp_arena)); }

void mp_arena_free(mp_arena *a) {
    if (!a)
        return;
    for (chunk *c = a->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *mp_arena_alloc(mp_arena *a, size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    if ((size_t)(a->end - a->cur) < size) {
        if (size > CHUNK_SIZE / 4) {
            /* Big blocks get their own chunk, behind the current one. */
            chunk *c = xcalloc(sizeof(chunk) + size);
            if (a->chunks) {
                c->next = a->chunks->next;
                a->chunks->next = c;
            } else
                a->chunks = c;
            return c->data;
        }
        chunk *c = xcalloc(sizeof(chunk) + CHUNK_SIZE);
        c->next = a->chunks;
        a->chunks = c;
        a->cur = c->data;
        a->end = c->data + CHUNK_SIZE;
    }
    void *p = a->cur;
    a->cur += size;
    return p;
}

char *mp_arena_strndup(mp_arena *a, const char *s, size_t n) {
    char *d = mp_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* ---- names ------------------------------------------------------------------ */

const char *const mp_ast_kind_names[MP_AST__COUNT] = {
    "Module",
    "Expression",
    "Interactive",
    "FunctionDef",
    "ClassDef",
    "Return",
    "Delete",
    "Assign",
    "AugAssign",
    "AnnAssign",
    "For",
    "While",
    "If",
    "With",
    "Raise",
    "Try",
    "Assert",
    "Import",
    "ImportFrom",
    "Global",
    "Nonlocal",
    "Expr",
    "Pass",
    "Break",
    "Continue",
    "BoolOp",
    "NamedExpr",
    "BinOp",
    "UnaryOp",
    "Lambda",
    "IfExp",
    "Dict",
    "Set",
    "ListComp",
    "SetComp",
    "DictComp",
    "GeneratorExp",
    "Await",
    "Yield",
    "YieldFrom",
    "Compare",
    "Call",
    "FormattedValue",
    "JoinedStr",
    "Constant",
    "Attribute",
    "Subscript",
    "Starred",
    "Name",
    "List",
    "Tuple",
    "Slice",
    "comprehension",
    "ExceptHandler",
    "arguments",
    "arg",
    "keyword",
    "alias",
    "withitem",
};

static const char *const binop_names[] = {"Add",      "Sub",    "Mult", "MatMult", "Div",
                                          "FloorDiv", "Mod",    "Pow",  "LShift",  "RShift",
                                          "BitAnd",   "BitXor", "BitOr"};
static const char *const unary_names[] = {"Invert", "Not", "UAdd", "USub"};
static const char *const cmp_names[] = {"Eq",  "NotEq", "Lt",    "LtE", "Gt",
                                        "GtE", "Is",    "IsNot", "In",  "NotIn"};
static const char *const ctx_names[] = {"Load", "Store", "Del"};

/* ---- output buffer ---------------------------------------------------------- */

typedef struct out {
    char *s;
    size_t n, cap;
} out;

static void put(out *o, const char *s, size_t n) {
    if (o->n + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;
        while (cap < o->n + n + 1)
            cap *= 2;
        char *ns = realloc(o->s, cap);
        if (!ns) {
            fputs("MemoryError\n", stderr);
            exit(1);
        }
        o->s = ns;
        o->cap = cap;
    }
    memcpy(o->s + o->n, s, n);
    o->n += n;
    o->s[o->n] = '\0';
}

static void puts_(out *o, const char *s) { put(o, s, strlen(s)); }

static void printf_(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void printf_(out *o, const char *fmt, ...) {
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(o, buf, (size_t)n);
}

/* ---- Python reprs ------------------------------------------------------------- */

/* repr() of a str (UTF-8) or bytes value, with Python's quote choice. */
static void repr_text(out *o, const char *s, size_t n, bool bytes) {
    bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    char quote = sq && !dq ? '"' : '\'';
    if (bytes)
        puts_(o, "b");
    put(o, &quote, 1);
    const char *p = s, *end = s + n;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == quote || c == '\\') {
            printf_(o, "\\%c", c);
            p++;
        } else if (c == '\t' || c == '\n' || c == '\r') {
            puts_(o, c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r");
            p++;
        } else if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) {
            printf_(o, "\\x%02x", c);
            p++;
        } else if (c < 0x80) {
            put(o, p++, 1);
        } else {
            const char *start = p;
            uint32_t u = mp_utf8_next(&p);
            if (u >= 0xD800 && u <= 0xDFFF)
                printf_(o, "\\u%04x", u);
            else if (mp_uni_is_printable(u))
                put(o, start, (size_t)(p - start));
            else if (u < 0x100)
                printf_(o, "\\x%02x", u);
            else if (u < 0x10000)
                printf_(o, "\\u%04x", u);
            else
                printf_(o, "\\U%08x", u);
        }
    }
    put(o, &quote, 1);
}

/* repr() of a float: the shortest digits that round-trip, laid out by
 * Python's rules (exponent form below 1e-4 or from 1e16 on). */
static void repr_float(out *o, double x) {
    if (isinf(x)) {
        puts_(o, x > 0 ? "inf" : "-inf");
        return;
    }
    if (isnan(x)) {
        puts_(o, "nan");
        return;
    }
    char buf[40];
    int prec;
    for (prec = 1; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
    /* buf is "[-]d.ddde[+-]xx": collect the digits and decimal point. */
    char digits[24];
    int nd = 0;
    const char *q = buf;
    if (*q == '-') {
        puts_(o, "-");
        q++;
    }
    for (; *q != 'e'; q++)
        if (*q != '.')
            digits[nd++] = *q;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    int decpt = atoi(q + 1) + 1;
    if (decpt <= -4 || decpt > 16) {
        put(o, digits, 1);
        if (nd > 1) {
            puts_(o, ".");
            put(o, digits + 1, (size_t)nd - 1);
        }
        int e = decpt - 1;
        printf_(o, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else if (decpt <= 0) {
        puts_(o, "0.");
        for (int i = 0; i < -decpt; i++)
            puts_(o, "0");
        put(o, digits, (size_t)nd);
    } else if (decpt >= nd) {
        put(o, digits, (size_t)nd);
        for (int i = nd; i < decpt; i++)
            puts_(o, "0");
        puts_(o, ".0");
    } else {
        put(o, digits, (size_t)decpt);
        puts_(o, ".");
        put(o, digits + decpt, (size_t)(nd - decpt));
    }
}

/* An integer's digits in any base, printed in decimal. */
static void repr_int(out *o, const char *digits, size_t n, int base) {
    if (base == 10) {
        put(o, digits, n);
        return;
    }
    /* Little-endian limbs of 10^9. */
    size_t cap = n + 1, len = 1;
    uint32_t *limb = calloc(cap, sizeof *limb);
    if (!limb)
        exit(1);
    for (size_t i = 0; i < n; i++) {
        char c = digits[i] | 0x20;
        uint64_t carry = (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
        for (size_t j = 0; j < len; j++) {
            uint64_t v = (uint64_t)limb[j] * (uint64_t)base + carry;
            limb[j] = (uint32_t)(v % 1000000000u);
            carry = v / 1000000000u;
        }
        if (carry)
            limb[len++] = (uint32_t)carry;
    }
    printf_(o, "%u", limb[len - 1]);
    for (size_t j = len - 1; j-- > 0;)
        printf_(o, "%09u", limb[j]);
    free(limb);
}

/* ---- dumping -------------------------------------------------------------------- */

#define MAX_DUMP_DEPTH 1000

static void dump(out *o, const mp_node *n, int depth, bool locs);

static void dump_list(out *o, const mp_nodes *l, int depth, bool locs) {
    puts_(o, "[");
    for (int i = 0; i < l->n; i++) {
        if (i)
            puts_(o, ", ");
        if (l->items[i])
            dump(o, l->items[i], depth, locs);
        else
            puts_(o, "None");
    }
    puts_(o, "]");
}

/* Field printers: each appends ", name=value" (the first without comma). */
typedef struct fields {
    out *o;
    int n, depth;
    bool locs; /* also print the location attributes */
} fields;

static void sep(fields *f, const char *name) {
    if (f->n++)
        puts_(f->o, ", ");
    puts_(f->o, name);
    puts_(f->o, "=");
}

static void f_node(fields *f, const char *name, const mp_node *n) {
    if (!n)
        return; /* optional fields that are None are left out, as ast.dump does */
    sep(f, name);
    dump(f->o, n, f->depth, f->locs);
}

static void f_list(fields *f, const char *name, mp_nodes l) {
    sep(f, name);
    dump_list(f->o, &l, f->depth, f->locs);
}

static void f_str(fields *f, const char *name, const char *s) {
    if (!s)
        return;
    sep(f, name);
    repr_text(f->o, s, strlen(s), false);
}

static void f_raw(fields *f, const char *name, const char *text) {
    sep(f, name);
    puts_(f->o, text);
}

static void f_op(fields *f, const char *name, const char *op) {
    sep(f, name);
    puts_(f->o, op);
    puts_(f->o, "()");
}

static void f_int(fields *f, const char *name, int v) {
    sep(f, name);
    printf_(f->o, "%d", v);
}

static void dump_constant(out *o, const mp_node *n) {
    switch (n->v.constant.kind) {
    case MP_CONST_NONE: puts_(o, "None"); break;
    case MP_CONST_TRUE: puts_(o, "True"); break;
    case MP_CONST_FALSE: puts_(o, "False"); break;
    case MP_CONST_ELLIPSIS: puts_(o, "Ellipsis"); break;
    case MP_CONST_INT:
        repr_int(o, n->v.constant.text, n->v.constant.len, n->v.constant.base);
        break;
    case MP_CONST_FLOAT: repr_float(o, n->v.constant.f); break;
    case MP_CONST_STR:
    case MP_CONST_BYTES:
        repr_text(o, n->v.constant.text, n->v.constant.len, n->v.constant.kind == MP_CONST_BYTES);
        break;
    }
}

static void dump_fields(fields *f, const mp_node *n) {
    const char *ctx;
    switch (n->kind) {
    case MP_AST_Module:
    case MP_AST_Interactive: f_list(f, "body", n->v.module.body); break;
    case MP_AST_Expression: f_node(f, "body", n->v.expr.value); break;
    case MP_AST_FunctionDef:
        f_str(f, "name", n->v.functiondef.name);
        f_node(f, "args", n->v.functiondef.args);
        f_list(f, "body", n->v.functiondef.body);
        f_list(f, "decorator_list", n->v.functiondef.decorator_list);
        f_node(f, "returns", n->v.functiondef.returns);
        break;
    case MP_AST_ClassDef:
        f_str(f, "name", n->v.classdef.name);
        f_list(f, "bases", n->v.classdef.bases);
        f_list(f, "keywords", n->v.classdef.keywords);
        f_list(f, "body", n->v.classdef.body);
        f_list(f, "decorator_list", n->v.classdef.decorator_list);
        break;
    case MP_AST_Return: f_node(f, "value", n->v.ret.value); break;
    case MP_AST_Delete: f_list(f, "targets", n->v.del.targets); break;
    case MP_AST_Assign:
        f_list(f, "targets", n->v.assign.targets);
        f_node(f, "value", n->v.assign.value);
        break;
    case MP_AST_AugAssign:
        f_node(f, "target", n->v.augassign.target);
        f_op(f, "op", binop_names[n->v.augassign.op]);
        f_node(f, "value", n->v.augassign.value);
        break;
    case MP_AST_AnnAssign:
        f_node(f, "target", n->v.annassign.target);
        f_node(f, "annotation", n->v.annassign.annotation);
        f_node(f, "value", n->v.annassign.value);
        f_int(f, "simple", n->v.annassign.simple);
        break;
    case MP_AST_For:
        f_node(f, "target", n->v.forloop.target);
        f_node(f, "iter", n->v.forloop.iter);
        f_list(f, "body", n->v.forloop.body);
        f_list(f, "orelse", n->v.forloop.orelse);
        break;
    case MP_AST_While:
    case MP_AST_If:
        f_node(f, "test", n->v.ifstmt.test);
        f_list(f, "body", n->v.ifstmt.body);
        f_list(f, "orelse", n->v.ifstmt.orelse);
        break;
    case MP_AST_With:
        f_list(f, "items", n->v.with.items);
        f_list(f, "body", n->v.with.body);
        break;
    case MP_AST_Raise:
        f_node(f, "exc", n->v.raise.exc);
        f_node(f, "cause", n->v.raise.cause);
        break;
    case MP_AST_Try:
        f_list(f, "body", n->v.trystmt.body);
        f_list(f, "handlers", n->v.trystmt.handlers);
        f_list(f, "orelse", n->v.trystmt.orelse);
        f_list(f, "finalbody", n->v.trystmt.finalbody);
        break;
    case MP_AST_Assert:
        f_node(f, "test", n->v.assert_.test);
        f_node(f, "msg", n->v.assert_.msg);
        break;
    case MP_AST_Import: f_list(f, "names", n->v.import.names); break;
    case MP_AST_ImportFrom:
        f_str(f, "module", n->v.importfrom.module);
        f_list(f, "names", n->v.importfrom.names);
        f_int(f, "level", n->v.importfrom.level);
        break;
    case MP_AST_Global:
    case MP_AST_Nonlocal:
        sep(f, "names");
        puts_(f->o, "[");
        for (int i = 0; i < n->v.global.names.n; i++) {
            if (i)
                puts_(f->o, ", ");
            const char *s = n->v.global.names.items[i];
            repr_text(f->o, s, strlen(s), false);
        }
        puts_(f->o, "]");
        break;
    case MP_AST_Expr:
    case MP_AST_Await: f_node(f, "value", n->v.expr.value); break;
    case MP_AST_Pass:
    case MP_AST_Break:
    case MP_AST_Continue: break;
    case MP_AST_BoolOp:
        f_op(f, "op", n->v.boolop.op == MP_BOOL_AND ? "And" : "Or");
        f_list(f, "values", n->v.boolop.values);
        break;
    case MP_AST_NamedExpr:
        f_node(f, "target", n->v.namedexpr.target);
        f_node(f, "value", n->v.namedexpr.value);
        break;
    case MP_AST_BinOp:
        f_node(f, "left", n->v.binop.left);
        f_op(f, "op", binop_names[n->v.binop.op]);
        f_node(f, "right", n->v.binop.right);
        break;
    case MP_AST_UnaryOp:
        f_op(f, "op", unary_names[n->v.unaryop.op]);
        f_node(f, "operand", n->v.unaryop.operand);
        break;
    case MP_AST_Lambda:
        f_node(f, "args", n->v.lambda.args);
        f_node(f, "body", n->v.lambda.body);
        break;
    case MP_AST_IfExp:
        f_node(f, "test", n->v.ifexp.test);
        f_node(f, "body", n->v.ifexp.body);
        f_node(f, "orelse", n->v.ifexp.orelse);
        break;
    case MP_AST_Dict:
        f_list(f, "keys", n->v.dict.keys);
        f_list(f, "values", n->v.dict.values);
        break;
    case MP_AST_Set: f_list(f, "elts", n->v.set.elts); break;
    case MP_AST_ListComp:
    case MP_AST_SetComp:
    case MP_AST_GeneratorExp:
        f_node(f, "elt", n->v.comp.elt);
        f_list(f, "generators", n->v.comp.generators);
        break;
    case MP_AST_DictComp:
        f_node(f, "key", n->v.comp.key);
        f_node(f, "value", n->v.comp.value);
        f_list(f, "generators", n->v.comp.generators);
        break;
    case MP_AST_Yield:
    case MP_AST_YieldFrom: f_node(f, "value", n->v.yield.value); break;
    case MP_AST_Compare:
        f_node(f, "left", n->v.compare.left);
        sep(f, "ops");
        puts_(f->o, "[");
        for (int i = 0; i < n->v.compare.n; i++) {
            if (i)
                puts_(f->o, ", ");
            puts_(f->o, cmp_names[n->v.compare.ops[i]]);
            puts_(f->o, "()");
        }
        puts_(f->o, "]");
        f_list(f, "comparators", n->v.compare.comparators);
        break;
    case MP_AST_Call:
        f_node(f, "func", n->v.call.func);
        f_list(f, "args", n->v.call.args);
        f_list(f, "keywords", n->v.call.keywords);
        break;
    case MP_AST_FormattedValue:
        f_node(f, "value", n->v.formatted.value);
        f_int(f, "conversion", n->v.formatted.conversion);
        f_node(f, "format_spec", n->v.formatted.format_spec);
        break;
    case MP_AST_JoinedStr: f_list(f, "values", n->v.joinedstr.values); break;
    case MP_AST_Constant:
        sep(f, "value");
        dump_constant(f->o, n);
        break;
    case MP_AST_Attribute:
        f_node(f, "value", n->v.attribute.value);
        f_str(f, "attr", n->v.attribute.attr);
        ctx = ctx_names[n->v.attribute.ctx];
        f_op(f, "ctx", ctx);
        break;
    case MP_AST_Subscript:
        f_node(f, "value", n->v.subscript.value);
        f_node(f, "slice", n->v.subscript.slice);
        f_op(f, "ctx", ctx_names[n->v.subscript.ctx]);
        break;
    case MP_AST_Starred:
        f_node(f, "value", n->v.starred.value);
        f_op(f, "ctx", ctx_names[n->v.starred.ctx]);
        break;
    case MP_AST_Name:
        f_str(f, "id", n->v.name.id);
        f_op(f, "ctx", ctx_names[n->v.name.ctx]);
        break;
    case MP_AST_List:
    case MP_AST_Tuple:
        f_list(f, "elts", n->v.seq.elts);
        f_op(f, "ctx", ctx_names[n->v.seq.ctx]);
        break;
    case MP_AST_Slice:
        f_node(f, "lower", n->v.slice.lower);
        f_node(f, "upper", n->v.slice.upper);
        f_node(f, "step", n->v.slice.step);
        break;
    case MP_AST_comprehension:
        f_node(f, "target", n->v.comprehension.target);
        f_node(f, "iter", n->v.comprehension.iter);
        f_list(f, "ifs", n->v.comprehension.ifs);
        f_int(f, "is_async", n->v.comprehension.is_async);
        break;
    case MP_AST_ExceptHandler:
        f_node(f, "type", n->v.handler.type);
        f_str(f, "name", n->v.handler.name);
        f_list(f, "body", n->v.handler.body);
        break;
    case MP_AST_arguments:
        f_list(f, "posonlyargs", n->v.arguments.posonlyargs);
        f_list(f, "args", n->v.arguments.args);
        f_node(f, "vararg", n->v.arguments.vararg);
        f_list(f, "kwonlyargs", n->v.arguments.kwonlyargs);
        f_list(f, "kw_defaults", n->v.arguments.kw_defaults);
        f_node(f, "kwarg", n->v.arguments.kwarg);
        f_list(f, "defaults", n->v.arguments.defaults);
        break;
    case MP_AST_arg:
        f_str(f, "arg", n->v.arg.arg);
        f_node(f, "annotation", n->v.arg.annotation);
        break;
    case MP_AST_keyword:
        f_str(f, "arg", n->v.keyword.arg);
        f_node(f, "value", n->v.keyword.value);
        break;
    case MP_AST_alias:
        f_str(f, "name", n->v.alias.name);
        f_str(f, "asname", n->v.alias.asname);
        break;
    case MP_AST_withitem:
        f_node(f, "context_expr", n->v.withitem.context_expr);
        f_node(f, "optional_vars", n->v.withitem.optional_vars);
        break;
    default: f_raw(f, "?", "?"); break;
    }
}

/* Kinds with location attributes (statements, expressions, handlers,
 * arg, keyword, alias). */
static bool has_location(mp_ast_kind k) {
    return (k >= MP_AST_FunctionDef && k <= MP_AST_Slice) || k == MP_AST_ExceptHandler ||
           k == MP_AST_arg || k == MP_AST_keyword || k == MP_AST_alias;
}

static void dump(out *o, const mp_node *n, int depth, bool locs) {
    if (depth >= MAX_DUMP_DEPTH) {
        puts_(o, "...");
        return;
    }
    puts_(o, mp_ast_kind_names[n->kind]);
    puts_(o, "(");
    fields f = {o, 0, depth + 1, locs};
    dump_fields(&f, n);
    if (locs && has_location(n->kind)) {
        f_int(&f, "lineno", n->loc.line);
        f_int(&f, "col_offset", n->loc.col);
        f_int(&f, "end_lineno", n->loc.end_line);
        f_int(&f, "end_col_offset", n->loc.end_col);
    }
    puts_(o, ")");
}

static char *dump_root(const mp_node *n, bool locs) {
    out o = {NULL, 0, 0};
    if (n)
        dump(&o, n, 0, locs);
    else
        puts_(&o, "None");
    return o.s;
}

char *mp_ast_dump(const mp_node *n) { return dump_root(n, false); }

char *mp_ast_dump_locations(const mp_node *n) { return dump_root(n, true); }

/*
 * mod_os.c — the os module (processes, directories, files, environment)
 * and its os.path submodule (CPython's posixpath, str paths only).
 * os.path is created with os and stored in sys.modules as "os.path" and
 * "posixpath", so `import os.path` and `from os import path` both work.
 * os.environ is a dict snapshot of the environment taken at import:
 * changing it does not call putenv.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/errors.h"
#include "runtime/mod_stdlib.h"
#include "runtime/module.h"
#include "runtime/obj_bytes.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

extern char **environ;

#define FN(name) static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw)

/* ---- path arguments and errors --------------------------------------------- */

/* A path argument: a str (bytes and os.PathLike are not supported). */
static bool path_arg(const char *fname, const char *argname, mp_obj *o) {
    if (mp_str_check(o))
        return true;
    mp_err_format(&mp_type_TypeError, "%s: %s should be string, bytes or os.PathLike, not %T",
                  fname, argname, o);
    return false;
}

/* posixpath's functions raise this for non-str arguments. */
static bool fspath_arg(mp_obj *o) {
    if (mp_str_check(o))
        return true;
    mp_err_format(&mp_type_TypeError, "expected str, bytes or os.PathLike object, not %T", o);
    return false;
}

static mp_obj *errno_error(mp_obj *filename) {
    mp_err_from_errno(errno, filename);
    return NULL;
}

/* One required path argument, with optional extra named ones ignored. */
static bool one_path(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kw,
                     mp_obj **path) {
    static const char *const names[] = {"path", "$dir_fd"};
    mp_obj *v[2];
    if (mp_arg_parse(fname, args, nargs, kw, names, 2, 1, v) < 0 || !path_arg(fname, "path", v[0]))
        return false;
    *path = v[0];
    return true;
}

/* ---- os functions ------------------------------------------------------------------ */

FN(os_getpid) {
    if (mp_arg_no_kw("getpid", kw) || mp_arg_count("getpid", nargs, 0, 0))
        return NULL;
    return mp_int_from_i64(getpid());
}

FN(os_getppid) {
    if (mp_arg_no_kw("getppid", kw) || mp_arg_count("getppid", nargs, 0, 0))
        return NULL;
    return mp_int_from_i64(getppid());
}

static mp_obj *getcwd_str(void) {
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf))
        return errno_error(NULL);
    return mp_str_decode_utf8(buf, strlen(buf));
}

FN(os_getcwd) {
    if (mp_arg_no_kw("getcwd", kw) || mp_arg_count("getcwd", nargs, 0, 0))
        return NULL;
    return getcwd_str();
}

FN(os_chdir) {
    mp_obj *p;
    if (!one_path("chdir", args, nargs, kw, &p))
        return NULL;
    return chdir(mp_str_data(p)) < 0 ? errno_error(p) : mp_None;
}

FN(os_remove) {
    mp_obj *p;
    if (!one_path("remove", args, nargs, kw, &p))
        return NULL;
    return unlink(mp_str_data(p)) < 0 ? errno_error(p) : mp_None;
}

FN(os_rmdir) {
    mp_obj *p;
    if (!one_path("rmdir", args, nargs, kw, &p))
        return NULL;
    return rmdir(mp_str_data(p)) < 0 ? errno_error(p) : mp_None;
}

static bool mode_arg(mp_obj *o, int *mode) {
    int64_t m = 0777;
    if (o && mp_int_as_i64(o, &m) < 0)
        return false;
    *mode = (int)m;
    return true;
}

FN(os_mkdir) {
    static const char *const names[] = {"path", "mode", "$dir_fd"};
    mp_obj *v[3];
    int mode;
    if (mp_arg_parse("mkdir", args, nargs, kw, names, 3, 1, v) < 0 ||
        !path_arg("mkdir", "path", v[0]) || !mode_arg(v[1], &mode))
        return NULL;
    return mkdir(mp_str_data(v[0]), (mode_t)mode) < 0 ? errno_error(v[0]) : mp_None;
}

static bool is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* os.makedirs as in os.py: create the parents first, then the leaf. */
static bool makedirs(mp_obj *name, int mode, bool exist_ok) {
    const char *s = mp_str_data(name);
    size_t n = mp_str_size(name);
    while (n > 1 && s[n - 1] == '/') /* `if not tail: split(head)` */
        n--;
    size_t i = n;
    while (i > 0 && s[i - 1] != '/')
        i--;
    size_t head = i;
    while (head > 1 && s[head - 1] == '/')
        head--;
    if (head > 0 && i < n) {
        mp_obj *parent = mp_str_new(s, head);
        struct stat st;
        if (stat(mp_str_data(parent), &st) < 0) {
            bool ok = makedirs(parent, mode, exist_ok);
            if (!ok && mp_err_matches(&mp_type_FileExistsError)) {
                mp_err_clear();
                ok = true;
            }
            if (!ok) {
                mp_decref(parent);
                return false;
            }
            if (n - i == 1 && s[i] == '.') {
                mp_decref(parent);
                return true;
            }
        }
        mp_decref(parent);
    }
    if (mkdir(s, (mode_t)mode) < 0) {
        if (!exist_ok || !is_dir(s)) {
            mp_err_from_errno(errno, name);
            return false;
        }
    }
    return true;
}

FN(os_makedirs) {
    static const char *const names[] = {"name", "mode", "exist_ok"};
    mp_obj *v[3];
    int mode;
    if (mp_arg_parse("makedirs", args, nargs, kw, names, 3, 1, v) < 0 ||
        !path_arg("makedirs", "path", v[0]) || !mode_arg(v[1], &mode))
        return NULL;
    int exist_ok = v[2] ? mp_truthy(v[2]) : 0;
    if (exist_ok < 0)
        return NULL;
    return makedirs(v[0], mode, exist_ok) ? mp_None : NULL;
}

FN(os_rename) {
    static const char *const names[] = {"src", "dst", "$src_dir_fd", "$dst_dir_fd"};
    mp_obj *v[4];
    if (mp_arg_parse("rename", args, nargs, kw, names, 4, 2, v) < 0 ||
        !path_arg("rename", "src", v[0]) || !path_arg("rename", "dst", v[1]))
        return NULL;
    if (rename(mp_str_data(v[0]), mp_str_data(v[1])) == 0)
        return mp_None;
    mp_obj *msg = mp_str_from_cstr(strerror(errno));
    mp_obj *t = mp_tuple_pack(5, mp_small(errno), msg, v[0], mp_None, v[1]);
    mp_obj *exc = mp_exc_new(&mp_type_OSError, t);
    mp_decref(msg);
    mp_decref(t);
    if (exc)
        mp_err_set_exc(exc);
    return NULL;
}

FN(os_listdir) {
    static const char *const names[] = {"path"};
    mp_obj *v[1];
    if (mp_arg_parse("listdir", args, nargs, kw, names, 1, 0, v) < 0)
        return NULL;
    mp_obj *p = v[0] && v[0] != mp_None ? v[0] : NULL;
    if (p && !path_arg("listdir", "path", p))
        return NULL;
    DIR *d = opendir(p ? mp_str_data(p) : ".");
    if (!d) {
        if (p)
            return errno_error(p);
        mp_obj *dot = mp_str_from_cstr(".");
        errno_error(dot);
        mp_decref(dot);
        return NULL;
    }
    mp_obj *l = mp_list_new(0);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        mp_obj *s = mp_str_decode_utf8(e->d_name, strlen(e->d_name));
        if (!s) {
            mp_decref(l);
            l = NULL;
            break;
        }
        mp_list_append_steal(l, s);
    }
    closedir(d);
    return l;
}

/* os.environ; getenv reads it.  Holds its own reference: the snapshot
 * lives as long as the process. */
static mp_obj *environ_dict;

FN(os_getenv) {
    static const char *const names[] = {"key", "default"};
    mp_obj *v[2];
    if (mp_arg_parse("getenv", args, nargs, kw, names, 2, 1, v) < 0)
        return NULL;
    if (!mp_str_check(v[0])) {
        mp_err_format(&mp_type_TypeError, "str expected, not %T", v[0]);
        return NULL;
    }
    mp_obj *r = mp_dict_get(environ_dict, v[0]);
    if (!r && mp_err_occurred())
        return NULL;
    return mp_newref(r ? r : v[1] ? v[1] : mp_None);
}

FN(os_cpu_count) {
    if (mp_arg_no_kw("cpu_count", kw) || mp_arg_count("cpu_count", nargs, 0, 0))
        return NULL;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? mp_None : mp_int_from_i64(n);
}

FN(os_urandom) {
    int64_t n;
    if (mp_arg_no_kw("urandom", kw) || mp_arg_count("urandom", nargs, 1, 1))
        return NULL;
    mp_obj *i = mp_number_index(args[0]);
    if (!i)
        return NULL;
    int rc = mp_int_as_i64(i, &n);
    mp_decref(i);
    if (rc < 0)
        return NULL;
    if (n < 0) {
        mp_err_format(&mp_type_ValueError, "negative argument not allowed");
        return NULL;
    }
    char *buf = mp_mem_alloc(n ? (size_t)n : 1);
    for (size_t got = 0; got < (size_t)n;) {
        ssize_t r = getrandom(buf + got, (size_t)n - got, 0);
        if (r < 0 && errno != EINTR) {
            mp_mem_free(buf);
            return errno_error(NULL);
        }
        if (r > 0)
            got += (size_t)r;
    }
    mp_obj *b = mp_bytes_new(buf, (size_t)n);
    mp_mem_free(buf);
    return b;
}

FN(os_strerror) {
    int64_t code;
    if (mp_arg_no_kw("strerror", kw) || mp_arg_count("strerror", nargs, 1, 1) ||
        mp_int_as_i64(args[0], &code) < 0)
        return NULL;
    return mp_str_from_cstr(strerror((int)code));
}

FN(os_fspath) {
    if (mp_arg_no_kw("fspath", kw) || mp_arg_count("fspath", nargs, 1, 1) || !fspath_arg(args[0]))
        return NULL;
    return mp_newref(args[0]);
}

static const mp_method_def os_functions[] = {
    {"getpid", os_getpid, 0, NULL},       {"getppid", os_getppid, 0, NULL},
    {"getcwd", os_getcwd, 0, NULL},       {"chdir", os_chdir, 0, NULL},
    {"listdir", os_listdir, 0, NULL},     {"remove", os_remove, 0, NULL},
    {"unlink", os_remove, 0, NULL},       {"rmdir", os_rmdir, 0, NULL},
    {"mkdir", os_mkdir, 0, NULL},         {"makedirs", os_makedirs, 0, NULL},
    {"rename", os_rename, 0, NULL},       {"getenv", os_getenv, 0, NULL},
    {"cpu_count", os_cpu_count, 0, NULL}, {"urandom", os_urandom, 0, NULL},
    {"strerror", os_strerror, 0, NULL},   {"fspath", os_fspath, 0, NULL},
    {NULL},
};

/* ---- os.path (posixpath) ---------------------------------------------------------- */

static bool one_str(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    return !mp_arg_no_kw(fname, kw) && !mp_arg_count(fname, nargs, 1, 1) && fspath_arg(args[0]);
}

FN(path_join) {
    if (mp_arg_no_kw("join", kw) || mp_arg_count("join", nargs, 1, SIZE_MAX))
        return NULL;
    mp_sb sb;
    mp_sb_init(&sb, 64);
    for (size_t i = 0; i < nargs; i++) {
        if (!mp_str_check(args[i])) {
            mp_err_format(&mp_type_TypeError,
                          "join() argument must be str, bytes, or os.PathLike object, not '%s'",
                          mp_type_name(args[i]));
            mp_sb_free(&sb);
            return NULL;
        }
        const char *b = mp_str_data(args[i]);
        size_t bn = mp_str_size(args[i]);
        if (i > 0 && bn && b[0] == '/')
            sb.len = 0;
        else if (i > 0 && sb.len && sb.buf[sb.len - 1] != '/')
            mp_sb_addc(&sb, '/');
        mp_sb_add(&sb, b, bn);
    }
    return mp_sb_finish(&sb);
}

/* split(p): (head, tail) with head's trailing slashes stripped unless it
 * is all slashes. */
static void split_at(mp_obj *p, size_t *head_len, size_t *tail_start) {
    const char *s = mp_str_data(p);
    size_t n = mp_str_size(p), i = n;
    while (i > 0 && s[i - 1] != '/')
        i--;
    *tail_start = i;
    size_t h = i;
    while (h > 0 && s[h - 1] == '/')
        h--;
    *head_len = h == 0 ? i : h;
}

FN(path_split) {
    if (!one_str("split", args, nargs, kw))
        return NULL;
    size_t h, t;
    split_at(args[0], &h, &t);
    const char *s = mp_str_data(args[0]);
    mp_obj *head = mp_str_new(s, h), *tail = mp_str_new(s + t, mp_str_size(args[0]) - t);
    mp_obj *r = mp_tuple_pack(2, head, tail);
    mp_decref(head);
    mp_decref(tail);
    return r;
}

FN(path_basename) {
    if (!one_str("basename", args, nargs, kw))
        return NULL;
    size_t h, t;
    split_at(args[0], &h, &t);
    return mp_str_new(mp_str_data(args[0]) + t, mp_str_size(args[0]) - t);
}

FN(path_dirname) {
    if (!one_str("dirname", args, nargs, kw))
        return NULL;
    size_t h, t;
    split_at(args[0], &h, &t);
    return mp_str_new(mp_str_data(args[0]), h);
}

static const char *last_of(const char *s, size_t n, char c) {
    while (n-- > 0)
        if (s[n] == c)
            return s + n;
    return NULL;
}

FN(path_splitext) {
    if (!one_str("splitext", args, nargs, kw))
        return NULL;
    const char *s = mp_str_data(args[0]);
    size_t n = mp_str_size(args[0]), cut = n;
    const char *sep = last_of(s, n, '/'), *dot = last_of(s, n, '.');
    if (dot && (!sep || dot > sep)) {
        for (const char *f = sep ? sep + 1 : s; f < dot; f++)
            if (*f != '.') {
                cut = (size_t)(dot - s);
                break;
            }
    }
    mp_obj *root = mp_str_new(s, cut), *ext = mp_str_new(s + cut, n - cut);
    mp_obj *r = mp_tuple_pack(2, root, ext);
    mp_decref(root);
    mp_decref(ext);
    return r;
}

FN(path_isabs) {
    if (!one_str("isabs", args, nargs, kw))
        return NULL;
    return mp_bool_from(mp_str_size(args[0]) && mp_str_data(args[0])[0] == '/');
}

/* posixpath.normpath on the bytes of s. */
static mp_obj *normpath(const char *s, size_t n) {
    if (n == 0)
        return mp_str_from_cstr(".");
    int initial = s[0] == '/' ? (n >= 2 && s[1] == '/' && !(n >= 3 && s[2] == '/') ? 2 : 1) : 0;
    /* components as (start, len) pairs */
    size_t *comps = mp_mem_alloc((n + 1) * sizeof(size_t) * 2), nc = 0;
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n && s[j] != '/')
            j++;
        size_t len = j - i;
        const char *c = s + i;
        if (len == 0 || (len == 1 && c[0] == '.')) {
            /* skip */
        } else if (!(len == 2 && c[0] == '.' && c[1] == '.') || (!initial && nc == 0) ||
                   (nc && comps[2 * nc - 1] == 2 && s[comps[2 * nc - 2]] == '.' &&
                    s[comps[2 * nc - 2] + 1] == '.')) {
            comps[2 * nc] = i;
            comps[2 * nc + 1] = len;
            nc++;
        } else if (nc) {
            nc--;
        }
        i = j + 1;
    }
    mp_sb sb;
    mp_sb_init(&sb, n + 2);
    for (int k = 0; k < initial; k++)
        mp_sb_addc(&sb, '/');
    for (size_t k = 0; k < nc; k++) {
        if (k)
            mp_sb_addc(&sb, '/');
        mp_sb_add(&sb, s + comps[2 * k], comps[2 * k + 1]);
    }
    mp_mem_free(comps);
    if (sb.len == 0)
        mp_sb_addc(&sb, '.');
    return mp_sb_finish(&sb);
}

FN(path_normpath) {
    if (!one_str("normpath", args, nargs, kw))
        return NULL;
    return normpath(mp_str_data(args[0]), mp_str_size(args[0]));
}

FN(path_abspath) {
    if (!one_str("abspath", args, nargs, kw))
        return NULL;
    mp_obj *p = args[0];
    if (mp_str_size(p) && mp_str_data(p)[0] == '/')
        return normpath(mp_str_data(p), mp_str_size(p));
    mp_obj *cwd = getcwd_str();
    if (!cwd)
        return NULL;
    mp_obj *parts[2] = {cwd, p};
    mp_obj *joined = path_join(NULL, parts, 2, NULL);
    mp_decref(cwd);
    if (!joined)
        return NULL;
    mp_obj *r = normpath(mp_str_data(joined), mp_str_size(joined));
    mp_decref(joined);
    return r;
}

static mp_obj *stat_test(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kw,
                         bool use_lstat, mode_t kind) {
    if (mp_arg_no_kw(fname, kw) || mp_arg_count(fname, nargs, 1, 1))
        return NULL;
    if (!mp_str_check(args[0]))
        return mp_False;
    struct stat st;
    int rc = use_lstat ? lstat(mp_str_data(args[0]), &st) : stat(mp_str_data(args[0]), &st);
    if (rc < 0)
        return mp_False;
    return mp_bool_from(kind == 0 || (st.st_mode & S_IFMT) == kind);
}

FN(path_exists) { return stat_test("exists", args, nargs, kw, false, 0); }
FN(path_isfile) { return stat_test("isfile", args, nargs, kw, false, S_IFREG); }
FN(path_isdir) { return stat_test("isdir", args, nargs, kw, false, S_IFDIR); }
FN(path_islink) { return stat_test("islink", args, nargs, kw, true, S_IFLNK); }
FN(path_lexists) { return stat_test("lexists", args, nargs, kw, true, 0); }

FN(path_getsize) {
    if (!one_str("getsize", args, nargs, kw))
        return NULL;
    struct stat st;
    if (stat(mp_str_data(args[0]), &st) < 0)
        return errno_error(args[0]);
    return mp_int_from_i64(st.st_size);
}

FN(path_getmtime) {
    if (!one_str("getmtime", args, nargs, kw))
        return NULL;
    struct stat st;
    if (stat(mp_str_data(args[0]), &st) < 0)
        return errno_error(args[0]);
    return mp_float_new((double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec * 1e-9);
}

FN(path_expanduser) {
    if (!one_str("expanduser", args, nargs, kw))
        return NULL;
    const char *s = mp_str_data(args[0]), *home = getenv("HOME");
    size_t n = mp_str_size(args[0]);
    if (n == 0 || s[0] != '~' || (n > 1 && s[1] != '/') || !home)
        return mp_newref(args[0]);
    size_t hn = strlen(home);
    while (hn > 1 && home[hn - 1] == '/')
        hn--;
    mp_sb sb;
    mp_sb_init(&sb, hn + n);
    mp_sb_add(&sb, home, hn);
    mp_sb_add(&sb, s + 1, n - 1);
    return mp_sb_finish(&sb);
}

static const mp_method_def path_functions[] = {
    {"join", path_join, 0, NULL},         {"split", path_split, 0, NULL},
    {"basename", path_basename, 0, NULL}, {"dirname", path_dirname, 0, NULL},
    {"splitext", path_splitext, 0, NULL}, {"isabs", path_isabs, 0, NULL},
    {"normpath", path_normpath, 0, NULL}, {"abspath", path_abspath, 0, NULL},
    {"exists", path_exists, 0, NULL},     {"isfile", path_isfile, 0, NULL},
    {"isdir", path_isdir, 0, NULL},       {"islink", path_islink, 0, NULL},
    {"lexists", path_lexists, 0, NULL},   {"getsize", path_getsize, 0, NULL},
    {"getmtime", path_getmtime, 0, NULL}, {"expanduser", path_expanduser, 0, NULL},
    {NULL},
};

/* ---- the modules -------------------------------------------------------------------- */

static int add_str(mp_obj *m, const char *name, const char *value) {
    mp_obj *s = mp_str_from_cstr(value);
    int r = mp_module_add_obj(m, name, s);
    mp_decref(s);
    return r;
}

static int add_constants(mp_obj *m) {
    return add_str(m, "sep", "/") | add_str(m, "curdir", ".") | add_str(m, "pardir", "..") |
           add_str(m, "extsep", ".") | add_str(m, "pathsep", ":") |
           add_str(m, "devnull", "/dev/null") | mp_module_add_obj(m, "altsep", mp_None);
}

static mp_obj *path_module_create(void) {
    mp_obj *m = mp_module_new("posixpath");
    if (!m)
        return NULL;
    if (mp_module_add_functions(m, path_functions) < 0 || add_constants(m)) {
        mp_decref(m);
        return NULL;
    }
    return m;
}

static mp_obj *environ_snapshot(void) {
    mp_obj *d = mp_dict_new();
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq)
            continue;
        mp_obj *k = mp_str_decode_utf8(*e, (size_t)(eq - *e));
        mp_obj *v = k ? mp_str_decode_utf8(eq + 1, strlen(eq + 1)) : NULL;
        if (v && !mp_dict_get(d, k) && !mp_err_occurred())
            mp_dict_set(d, k, v);
        mp_xdecref(k);
        mp_xdecref(v);
        mp_err_clear(); /* undecodable entries are skipped */
    }
    return d;
}

mp_obj *mp_os_module_create(void) {
    mp_obj *m = mp_module_new("os");
    mp_obj *path = m ? path_module_create() : NULL;
    if (!path) {
        mp_xdecref(m);
        return NULL;
    }
    mp_obj *env = environ_snapshot();
    mp_xdecref(environ_dict);
    environ_dict = mp_newref(env);
    int rc = mp_module_add_functions(m, os_functions) | add_constants(m) |
             add_str(m, "name", "posix") | add_str(m, "linesep", "\n") |
             mp_module_add_obj(m, "environ", env) | mp_module_add_obj(m, "path", path) |
             mp_dict_set_cstr(mp_modules_dict, "os.path", path) |
             mp_dict_set_cstr(mp_modules_dict, "posixpath", path);
    mp_decref(env);
    mp_decref(path);
    if (rc) {
        mp_decref(m);
        return NULL;
    }
    return m;
}

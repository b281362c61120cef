/*
 * main.c — the `minipy` command line, modelled on `python3`:
 *
 *   minipy [--dis] FILE [ARGS...]   run a script (sys.argv = [FILE, ARGS...])
 *   minipy [--dis] -c CODE [ARGS]   run CODE (sys.argv[0] == '-c')
 *   minipy [--dis] - [ARGS]         run standard input (also with no FILE)
 *   minipy -h | --version
 *
 * Exit status: 0 on success, 1 after an uncaught exception (traceback on
 * stderr), 2 on usage errors; SystemExit sets it as in CPython.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interp/compile.h"
#include "interp/disasm.h"
#include "interp/traceback.h"
#include "interp/vm.h"
#include "runtime/errors.h"
#include "runtime/mod_sys.h"
#include "runtime/module.h"
#include "runtime/obj_dict.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

#ifdef MINIPY_NO_GIL
#define BUILD_KIND "no-GIL build"
#else
#define BUILD_KIND "GIL build"
#endif

static const char usage_line[] = "usage: minipy [option] ... [-c cmd | file | -] [arg] ...\n";

static void usage(FILE *out) {
    fputs(usage_line, out);
    fputs("Options (and corresponding environment variables):\n"
          "-c cmd : program passed in as string (terminates option list)\n"
          "-h     : print this help message and exit (also -? or --help)\n"
          "--dis  : print the bytecode of the program instead of running it\n"
          "--version : print the minipy version number and exit\n"
          "\n"
          "Arguments:\n"
          "file   : program read from script file\n"
          "-      : program read from stdin (default)\n"
          "arg ...: arguments passed to program in sys.argv[1:]\n",
          out);
}

static int usage_error(const char *fmt, const char *what) {
    fprintf(stderr, fmt, what);
    fputs(usage_line, stderr);
    fputs("Try `minipy -h' for more information.\n", stderr);
    return 2;
}

/* Whole contents of a stream (NUL-terminated, malloc'd). */
static char *read_all(FILE *fp, size_t *len) {
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (!buf || ferror(fp)) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* CPython shows the script by its absolute (not symlink-resolved) path. */
static char *absolute_path(const char *path) {
    if (path[0] == '/')
        return strdup(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return strdup(path);
    size_t n = strlen(cwd) + strlen(path) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", cwd, path);
    return out;
}

/* sys.path[0]: the script's directory (symlinks resolved), or '' for -c/stdin. */
static void set_path0(const char *script) {
    char dir[PATH_MAX] = "";
    if (script) {
        char *real = realpath(script, NULL);
        if (real) {
            char *slash = strrchr(real, '/');
            if (slash)
                *(slash == real ? slash + 1 : slash) = '\0';
            snprintf(dir, sizeof dir, "%s", real);
            free(real);
        }
    }
    mp_obj *path = mp_sys_get("path");
    mp_obj *s = mp_str_from_cstr(dir);
    if (path && s && mp_list_check(path) && mp_list_append(path, s) == 0) {
        mp_obj **items = mp_list_items(path);
        size_t n = mp_list_size(path);
        memmove(items + 1, items, (n - 1) * sizeof(mp_obj *));
        items[0] = s; /* the list holds the reference append took */
    }
    mp_xdecref(s);
    mp_err_clear();
}

/* __main__'s namespace, with the same keys in the same order as CPython's. */
static mp_obj *main_namespace(const char *file) {
    mp_obj *mod = mp_module_new("__main__");
    if (!mod)
        return NULL;
    mp_obj *globals = mp_newref(mp_module_dict(mod));
    mp_dict_set_cstr(mp_modules_dict, "__main__", mod);
    mp_obj *ann = mp_dict_new();
    mp_dict_set_cstr(globals, "__annotations__", ann);
    mp_decref(ann);
    mp_obj *builtins = mp_dict_get_cstr(mp_modules_dict, "builtins");
    if (builtins)
        mp_dict_set_cstr(globals, "__builtins__", builtins);
    if (file) {
        mp_obj *f = mp_str_from_cstr(file);
        mp_dict_set_cstr(globals, "__file__", f);
        mp_dict_set_cstr(globals, "__cached__", mp_None);
        mp_decref(f);
    }
    mp_decref(mod);
    return globals;
}

/* Exit status meaning "killed by SIGINT", as CPython after an uncaught
 * KeyboardInterrupt. */
#define EXIT_SIGINT (-SIGINT)

/* Reports the pending exception; returns the exit status. */
static int handle_exception(void) {
    mp_obj *exc = mp_err_fetch();
    if (!exc)
        return 1;
    int status = 1;
    if (mp_has_tflag(exc, MP_TFLAG_EXC_SUBCLASS) &&
        mp_type_is_subtype(mp_typeof(exc), &mp_type_SystemExit)) {
        status = mp_exc_system_exit_status(exc);
    } else {
        mp_print_exception(exc);
        if (mp_has_tflag(exc, MP_TFLAG_EXC_SUBCLASS) &&
            mp_type_is_subtype(mp_typeof(exc), &mp_type_KeyboardInterrupt))
            status = EXIT_SIGINT;
    }
    mp_decref(exc);
    return status;
}

static int run_source(const char *src, size_t len, const char *filename, const char *file_attr,
                      bool dis) {
    mp_obj *code = mp_compile(src, len, filename, MP_PARSE_FILE);
    if (!code)
        return handle_exception();
    if (dis) {
        mp_obj *text = mp_disassemble(code);
        mp_decref(code);
        if (!text)
            return handle_exception();
        mp_sys_write_str("stdout", text);
        mp_decref(text);
        return 0;
    }
    mp_obj *globals = main_namespace(file_attr);
    if (!globals) {
        mp_decref(code);
        return handle_exception();
    }
    mp_obj *res = mp_eval_code(code, globals);
    mp_decref(code);
    mp_decref(globals);
    if (!res)
        return handle_exception();
    mp_decref(res);
    return 0;
}

int main(int argc, char **argv) {
    bool dis = false;
    const char *command = NULL, *script = NULL;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--dis") == 0) {
            dis = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "-?") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("minipy %s (%s)\n", MINIPY_VERSION, BUILD_KIND);
            return 0;
        } else if (strncmp(a, "-c", 2) == 0) {
            if (a[2]) {
                command = a + 2;
            } else if (i + 1 < argc) {
                command = argv[++i];
            } else {
                return usage_error("Argument expected for the -c option\n", "");
            }
            break;
        } else if (strcmp(a, "-") == 0 || a[0] != '-') {
            script = a;
            break;
        } else {
            return usage_error("Unknown option: %s\n", a);
        }
    }
    /* sys.argv: [script or '-c' or '-' or '', remaining args...] */
    int sargc = i < argc ? argc - i : 1;
    char **sargv = i < argc ? argv + i : (char *[]){"", NULL};
    if (command)
        sargv[0] = "-c";

    char *src = NULL, *abspath = NULL;
    size_t len = 0;
    if (script && strcmp(script, "-") != 0) {
        FILE *fp = fopen(script, "rb");
        abspath = absolute_path(script);
        if (!fp) {
            int e = errno;
            fprintf(stderr, "minipy: can't open file '%s': [Errno %d] %s\n",
                    abspath ? abspath : script, e, strerror(e));
            free(abspath);
            return 2;
        }
        src = read_all(fp, &len);
        fclose(fp);
        if (!src) {
            fprintf(stderr, "minipy: can't read file '%s'\n", abspath ? abspath : script);
            free(abspath);
            return 2;
        }
    } else if (!command) {
        src = read_all(stdin, &len);
        if (!src) {
            fprintf(stderr, "minipy: can't read standard input\n");
            return 2;
        }
    }

    mp_runtime_init(sargc, sargv);
    mp_sys_set_argv(sargc, sargv);
    bool is_file = script && strcmp(script, "-") != 0;
    set_path0(is_file ? script : NULL);

    int status;
    if (command)
        status = run_source(command, strlen(command), "<string>", NULL, dis);
    else if (is_file)
        status = run_source(src, len, abspath, abspath, dis);
    else
        status = run_source(src, len, "<stdin>", NULL, dis);
    mp_runtime_fini();
    free(src);
    free(abspath);
    if (status == EXIT_SIGINT) { /* die by the signal, so the shell sees 130 */
        signal(SIGINT, SIG_DFL);
        kill(getpid(), SIGINT);
        return 128 + SIGINT;
    }
    return status;
}

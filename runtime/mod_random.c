/*
 * mod_random.c — the random module: CPython's Mersenne Twister (_random)
 * and the Python layer of CPython 3.11's Lib/random.py reproduced in C,
 * call for call, so a given int seed yields exactly CPython's sequences
 * (randrange via _randbelow_with_getrandbits, choices via floor/bisect,
 * sample's set-or-pool rule, gauss's cached second value, ...).
 *
 * random.Random is a built-in type; the module-level functions are
 * methods bound to one hidden instance, as in random.py.  Like CPython's,
 * that instance is shared by all threads (the GIL serialises its use).
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/random.h>

#include "runtime/errors.h"
#include "runtime/mod_stdlib.h"
#include "runtime/module.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

#define MT_N 624
#define MT_M 397

typedef struct random_obj {
    mp_obj head;
    int index;
    uint32_t state[MT_N];
    bool has_gauss_next;
    double gauss_next;
} random_obj;

extern mp_type mp_type_random;

#define FN(name) static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw)
#define R(o) ((random_obj *)(o))

/* ---- the Mersenne Twister (CPython's _randommodule.c) --------------------- */

static uint32_t genrand_uint32(random_obj *self) {
    static const uint32_t mag01[2] = {0x0U, 0x9908b0dfU};
    uint32_t y, *mt = self->state;
    if (self->index >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (mt[kk] & 0x80000000U) | (mt[kk + 1] & 0x7fffffffU);
            mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (mt[kk] & 0x80000000U) | (mt[kk + 1] & 0x7fffffffU);
            mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        y = (mt[MT_N - 1] & 0x80000000U) | (mt[0] & 0x7fffffffU);
        mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
        self->index = 0;
    }
    y = mt[self->index++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

static void init_genrand(random_obj *self, uint32_t s) {
    uint32_t *mt = self->state;
    mt[0] = s;
    for (int i = 1; i < MT_N; i++)
        mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
    self->index = MT_N;
}

static void init_by_array(random_obj *self, const uint32_t *key, size_t keylen) {
    uint32_t *mt = self->state;
    init_genrand(self, 19650218U);
    size_t i = 1, j = 0, k = MT_N > keylen ? MT_N : keylen;
    for (; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
        if (j >= keylen)
            j = 0;
    }
    for (k = MT_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000U;
}

static double random_double(random_obj *self) {
    uint32_t a = genrand_uint32(self) >> 5, b = genrand_uint32(self) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* Seeds from an int's absolute value split into 32-bit words (at least
 * one), as _random.Random.seed does; NULL seeds from the OS. */
static int seed_with(random_obj *self, mp_obj *arg) {
    self->has_gauss_next = false;
    if (!arg) {
        uint32_t key[MT_N];
        if (getrandom(key, sizeof key, 0) != (ssize_t)sizeof key) {
            mp_err_from_errno(errno, NULL);
            return -1;
        }
        init_by_array(self, key, MT_N);
        return 0;
    }
    mpz_t z;
    mpz_init(z);
    mp_int_to_mpz(arg, z);
    mpz_abs(z, z);
    size_t count = 0;
    size_t words = mpz_sizeinbase(z, 2) / 32 + 1;
    uint32_t *key = mp_mem_alloc(words * sizeof(uint32_t));
    mpz_export(key, &count, -1, sizeof(uint32_t), 0, 0, z);
    if (count == 0)
        key[count++] = 0;
    init_by_array(self, key, count);
    mp_mem_free(key);
    mpz_clear(z);
    return 0;
}

/* ---- getrandbits and _randbelow --------------------------------------------- */

/* getrandbits(k) for 0 <= k <= 64. */
static uint64_t getrandbits64(random_obj *self, int k) {
    if (k == 0)
        return 0;
    if (k <= 32)
        return genrand_uint32(self) >> (32 - k);
    uint64_t lo = genrand_uint32(self);
    uint64_t hi = genrand_uint32(self) >> (64 - k);
    return lo | hi << 32;
}

static mp_obj *getrandbits_obj(random_obj *self, uint64_t k) {
    if (k <= 63)
        return mp_int_from_u64(getrandbits64(self, (int)k));
    size_t words = (size_t)((k - 1) / 32 + 1);
    uint32_t *w = mp_mem_alloc(words * sizeof(uint32_t));
    for (size_t i = 0; i < words; i++, k -= 32) {
        uint32_t r = genrand_uint32(self);
        if (k < 32)
            r >>= (32 - k);
        w[i] = r;
    }
    mpz_t z;
    mpz_init(z);
    mpz_import(z, words, -1, sizeof(uint32_t), 0, 0, w);
    mp_mem_free(w);
    return mp_int_from_mpz_move(z);
}

static int bit_length_u64(uint64_t n) { return n ? 64 - __builtin_clzll(n) : 0; }

static uint64_t randbelow_u64(random_obj *self, uint64_t n) {
    int k = bit_length_u64(n);
    uint64_t r = getrandbits64(self, k);
    while (r >= n)
        r = getrandbits64(self, k);
    return r;
}

/* _randbelow(n) for an int n > 0. */
static mp_obj *randbelow(random_obj *self, mp_obj *n) {
    int64_t v;
    if (mp_int_small_value(n, &v) || (mp_int_as_i64(n, &v) == 0))
        return mp_int_from_u64(randbelow_u64(self, (uint64_t)v));
    mp_err_clear();
    mpz_t z;
    mpz_init(z);
    mp_int_to_mpz(n, z);
    uint64_t k = mpz_sizeinbase(z, 2);
    mpz_clear(z);
    for (;;) {
        mp_obj *r = getrandbits_obj(self, k);
        if (mp_int_compare(r, n) < 0)
            return r;
        mp_decref(r);
    }
}

/* ---- methods ------------------------------------------------------------------ */

static bool check_int_arg(mp_obj *o, int64_t *out) {
    mp_obj *i = mp_number_index(o);
    if (!i)
        return false;
    int rc = mp_int_as_i64(i, out);
    mp_decref(i);
    return rc == 0;
}

FN(rnd_seed) {
    static const char *const names[] = {"a", "version"};
    mp_obj *v[2];
    if (mp_arg_parse("seed", args, nargs, kw, names, 2, 0, v) < 0)
        return NULL;
    mp_obj *a = v[0] && v[0] != mp_None ? v[0] : NULL;
    if (a && mp_str_check(a)) {
        mp_err_format(&mp_type_NotImplementedError,
                      "minipy: random.seed() with a str is not supported");
        return NULL;
    }
    if (a && !mp_int_check(a)) {
        if (!mp_float_check_any(a)) {
            mp_err_format(&mp_type_TypeError, "The only supported seed types are: None,\n"
                                              "int, float, str, bytes, and bytearray.");
            return NULL;
        }
        mp_hash_t h = mp_hash(a);
        if (h == -1 && mp_err_occurred())
            return NULL;
        mp_obj *hv = mp_int_from_i64(h);
        int rc = seed_with(R(self), hv);
        mp_decref(hv);
        return rc < 0 ? NULL : mp_None;
    }
    return seed_with(R(self), a) < 0 ? NULL : mp_None;
}

FN(rnd_random) {
    if (mp_arg_no_kw("random", kw) || mp_arg_count("random", nargs, 0, 0))
        return NULL;
    return mp_float_new(random_double(R(self)));
}

FN(rnd_getrandbits) {
    int64_t k;
    if (mp_arg_no_kw("getrandbits", kw) || mp_arg_count("getrandbits", nargs, 1, 1) ||
        !check_int_arg(args[0], &k))
        return NULL;
    if (k < 0) {
        mp_err_format(&mp_type_ValueError, "number of bits must be non-negative");
        return NULL;
    }
    return getrandbits_obj(R(self), (uint64_t)k);
}

/* An integral argument of randrange: ints, or floats with integral values
 * (accepted with a deprecation warning by CPython 3.11). */
static mp_obj *range_arg(mp_obj *o, const char *what) {
    if (mp_int_check(o))
        return mp_int_exact(o);
    if (mp_float_check_any(o)) {
        double d = mp_float_val(o);
        if (isfinite(d) && d == floor(d))
            return mp_int_from_double(d);
        mp_err_format(&mp_type_ValueError, "non-integer %s for randrange()", what);
        return NULL;
    }
    return mp_number_index(o);
}

static mp_obj *randrange(random_obj *self, mp_obj *start, mp_obj *stop, mp_obj *step) {
    mp_obj *istart = range_arg(start, "arg 1"), *istop = NULL, *width = NULL, *istep = NULL;
    mp_obj *r = NULL, *n = NULL;
    if (!istart)
        return NULL;
    if (!stop || stop == mp_None) {
        if (step) {
            mp_err_format(&mp_type_TypeError, "Missing a non-None stop argument");
        } else if (mp_int_sign(istart) > 0) {
            r = randbelow(self, istart);
        } else {
            mp_err_format(&mp_type_ValueError, "empty range for randrange()");
        }
        goto done;
    }
    if (!(istop = range_arg(stop, "stop")) || !(width = mp_int_binop(istop, istart, MP_OP_SUB)) ||
        !(istep = step ? range_arg(step, "step") : mp_small(1)))
        goto done;
    if (istep == mp_small(1)) {
        if (mp_int_sign(width) > 0) {
            mp_obj *off = randbelow(self, width);
            r = mp_int_binop(istart, off, MP_OP_ADD);
            mp_decref(off);
        } else {
            mp_err_format(&mp_type_ValueError, "empty range for randrange() (%S, %S, %S)", istart,
                          istop, width);
        }
        goto done;
    }
    int sign = mp_int_sign(istep);
    if (sign == 0) {
        mp_err_format(&mp_type_ValueError, "zero step for randrange()");
        goto done;
    }
    mp_obj *adj = mp_int_binop(width, istep, MP_OP_ADD);
    mp_obj *adj2 = mp_int_binop(adj, mp_small(sign > 0 ? -1 : 1), MP_OP_ADD);
    n = mp_int_binop(adj2, istep, MP_OP_FLOORDIV);
    mp_decref(adj);
    mp_decref(adj2);
    if (!n)
        goto done;
    if (mp_int_sign(n) <= 0) {
        mp_err_format(&mp_type_ValueError, "empty range for randrange()");
        goto done;
    }
    mp_obj *k = randbelow(self, n);
    mp_obj *off = mp_int_binop(istep, k, MP_OP_MUL);
    r = mp_int_binop(istart, off, MP_OP_ADD);
    mp_decref(k);
    mp_decref(off);
done:
    mp_decref(istart);
    mp_xdecref(istop);
    mp_xdecref(width);
    mp_xdecref(istep);
    mp_xdecref(n);
    return r;
}

FN(rnd_randrange) {
    static const char *const names[] = {"start", "stop", "step"};
    mp_obj *v[3];
    if (mp_arg_parse("randrange", args, nargs, kw, names, 3, 1, v) < 0)
        return NULL;
    return randrange(R(self), v[0], v[1], v[2]);
}

FN(rnd_randint) {
    static const char *const names[] = {"a", "b"};
    mp_obj *v[2];
    if (mp_arg_parse("randint", args, nargs, kw, names, 2, 2, v) < 0)
        return NULL;
    mp_obj *b1 = mp_binop(v[1], mp_small(1), MP_OP_ADD);
    if (!b1)
        return NULL;
    mp_obj *r = randrange(R(self), v[0], b1, NULL);
    mp_decref(b1);
    return r;
}

/* len(seq) as a size, -1 on error. */
static mp_ssize_t seq_len(mp_obj *seq) { return mp_len(seq); }

static mp_obj *seq_item(mp_obj *seq, size_t i) {
    mp_obj *idx = mp_int_from_u64(i);
    mp_obj *r = mp_getitem(seq, idx);
    mp_decref(idx);
    return r;
}

FN(rnd_choice) {
    if (mp_arg_no_kw("choice", kw) || mp_arg_count("choice", nargs, 1, 1))
        return NULL;
    mp_ssize_t n = seq_len(args[0]);
    if (n < 0)
        return NULL;
    if (n == 0) {
        mp_err_format(&mp_type_IndexError, "Cannot choose from an empty sequence");
        return NULL;
    }
    return seq_item(args[0], randbelow_u64(R(self), (uint64_t)n));
}

FN(rnd_shuffle) {
    if (mp_arg_no_kw("shuffle", kw) || mp_arg_count("shuffle", nargs, 1, 1))
        return NULL;
    mp_obj *x = args[0];
    mp_ssize_t n = seq_len(x);
    if (n < 0)
        return NULL;
    for (mp_ssize_t i = n - 1; i >= 1; i--) {
        size_t j = (size_t)randbelow_u64(R(self), (uint64_t)i + 1);
        if (mp_list_check(x)) {
            mp_obj **items = mp_list_items(x);
            mp_obj *t = items[i];
            items[i] = items[j];
            items[j] = t;
            continue;
        }
        mp_obj *a = seq_item(x, (size_t)i), *b = a ? seq_item(x, j) : NULL;
        mp_obj *ia = mp_int_from_i64(i), *ib = mp_int_from_u64(j);
        int rc = b ? mp_setitem(x, ia, b) | mp_setitem(x, ib, a) : -1;
        mp_xdecref(a);
        mp_xdecref(b);
        if (rc)
            return NULL;
    }
    return mp_None;
}

/* A set of size_t indices (open addressing) for sample's set algorithm. */
typedef struct index_set {
    size_t *slots, cap; /* slot value 0 = empty; stores index + 1 */
} index_set;

static bool index_set_add(index_set *s, size_t v) {
    size_t mask = s->cap - 1, h = (v * 0x9E3779B97F4A7C15ULL) & mask;
    while (s->slots[h]) {
        if (s->slots[h] == v + 1)
            return false;
        h = (h + 1) & mask;
    }
    s->slots[h] = v + 1;
    return true;
}

FN(rnd_sample) {
    static const char *const names[] = {"population", "k", "$counts"};
    mp_obj *v[3];
    if (mp_arg_parse("sample", args, nargs, kw, names, 3, 2, v) < 0)
        return NULL;
    if (v[2] && v[2] != mp_None) {
        mp_err_format(&mp_type_NotImplementedError,
                      "minipy: random.sample() with counts is not supported");
        return NULL;
    }
    mp_obj *pop = v[0];
    mp_type *t = mp_typeof(pop);
    if (t->getitem == NULL || t->len == NULL || (t->tflags & MP_TFLAG_DICT_SUBCLASS) ||
        !strcmp(t->name, "set") || !strcmp(t->name, "frozenset")) {
        mp_err_format(&mp_type_TypeError, "Population must be a sequence.  "
                                          "For dicts or sets, use sorted(d).");
        return NULL;
    }
    mp_ssize_t n = seq_len(pop);
    int64_t k;
    if (n < 0 || !check_int_arg(v[1], &k))
        return NULL;
    if (k < 0 || k > n) {
        mp_err_format(&mp_type_ValueError, "Sample larger than population or is negative");
        return NULL;
    }
    random_obj *self_ = R(self);
    double setsize = 21;
    if (k > 5)
        setsize += pow(4.0, ceil(log((double)(k * 3)) / log(4.0)));
    mp_obj *result = mp_list_new((size_t)k);
    if ((double)n <= setsize) {
        mp_obj *pool = mp_list_from_iter(pop);
        if (!pool) {
            mp_decref(result);
            return NULL;
        }
        mp_obj **items = mp_list_items(pool);
        for (int64_t i = 0; i < k; i++) {
            size_t j = (size_t)randbelow_u64(self_, (uint64_t)(n - i));
            mp_list_append(result, items[j]);
            mp_setref(&items[j], mp_newref(items[n - i - 1]));
        }
        mp_decref(pool);
        return result;
    }
    index_set sel = {NULL, 16};
    while (sel.cap < (size_t)k * 2 + 2)
        sel.cap *= 2;
    sel.slots = mp_mem_alloc(sel.cap * sizeof(size_t));
    memset(sel.slots, 0, sel.cap * sizeof(size_t));
    for (int64_t i = 0; i < k; i++) {
        size_t j = (size_t)randbelow_u64(self_, (uint64_t)n);
        while (!index_set_add(&sel, j))
            j = (size_t)randbelow_u64(self_, (uint64_t)n);
        mp_obj *item = seq_item(pop, j);
        if (!item) {
            mp_decref(result);
            result = NULL;
            break;
        }
        mp_list_append_steal(result, item);
    }
    mp_mem_free(sel.slots);
    return result;
}

/* The cumulative weights as doubles (random.py bisects the objects; the
 * comparison with a float agrees for every weight a double holds). */
static double *cum_weights_array(mp_obj *cum, mp_ssize_t n) {
    mp_obj *l = mp_list_from_iter(cum);
    if (!l)
        return NULL;
    if ((mp_ssize_t)mp_list_size(l) != n) {
        mp_decref(l);
        mp_err_format(&mp_type_ValueError, "The number of weights does not match the population");
        return NULL;
    }
    double *w = mp_mem_alloc(((size_t)n + 1) * sizeof(double));
    for (mp_ssize_t i = 0; i < n; i++)
        if (mp_number_as_double(mp_list_items(l)[i], &w[i]) < 0) {
            mp_mem_free(w);
            w = NULL;
            break;
        }
    mp_decref(l);
    return w;
}

/* list(itertools.accumulate(weights)) */
static mp_obj *accumulate(mp_obj *weights) {
    mp_obj *it = mp_iter(weights);
    if (!it)
        return NULL;
    mp_obj *l = mp_list_new(0), *acc = NULL, *item;
    while ((item = mp_iternext(it))) {
        mp_obj *next = acc ? mp_binop(acc, item, MP_OP_ADD) : mp_newref(item);
        mp_decref(item);
        mp_xdecref(acc);
        if (!(acc = next))
            break;
        mp_list_append(l, acc);
    }
    mp_xdecref(acc);
    mp_decref(it);
    if (mp_err_occurred()) {
        mp_decref(l);
        return NULL;
    }
    return l;
}

FN(rnd_choices) {
    static const char *const names[] = {"population", "weights", "$cum_weights", "$k"};
    mp_obj *v[4];
    if (mp_arg_parse("choices", args, nargs, kw, names, 4, 1, v) < 0)
        return NULL;
    mp_obj *pop = v[0], *weights = v[1] == mp_None ? NULL : v[1];
    mp_obj *cum = v[2] == mp_None ? NULL : v[2];
    int64_t k = 1;
    mp_ssize_t n = seq_len(pop);
    if (n < 0 || (v[3] && !check_int_arg(v[3], &k)))
        return NULL;
    random_obj *self_ = R(self);
    mp_obj *result = mp_list_new(k > 0 ? (size_t)k : 0);
    if (!cum && !weights) {
        double dn = (double)n;
        for (int64_t i = 0; i < k; i++) {
            mp_obj *item = seq_item(pop, (size_t)floor(random_double(self_) * dn));
            if (!item)
                goto fail;
            mp_list_append_steal(result, item);
        }
        return result;
    }
    if (cum && weights) {
        mp_err_format(&mp_type_TypeError, "Cannot specify both weights and cumulative weights");
        goto fail;
    }
    mp_obj *owned = NULL;
    if (!cum) {
        if (mp_int_check(weights)) {
            mp_err_format(&mp_type_TypeError,
                          "The number of choices must be a keyword argument: k=%S", weights);
            goto fail;
        }
        if (!(cum = owned = accumulate(weights)))
            goto fail;
    }
    double *w = cum_weights_array(cum, n);
    mp_xdecref(owned);
    if (!w)
        goto fail;
    double total = n ? w[n - 1] + 0.0 : 0.0;
    if (n == 0) {
        mp_mem_free(w);
        mp_err_format(&mp_type_IndexError, "list index out of range");
        goto fail;
    }
    if (!(total > 0.0) || !isfinite(total)) {
        mp_mem_free(w);
        mp_err_format(&mp_type_ValueError, total <= 0.0 ? "Total of weights must be greater "
                                                          "than zero"
                                                        : "Total of weights must be finite");
        goto fail;
    }
    for (int64_t i = 0; i < k; i++) {
        double x = random_double(self_) * total;
        size_t lo = 0, hi = (size_t)n - 1;
        while (lo < hi) { /* bisect_right(cum_weights, x, 0, n - 1) */
            size_t mid = (lo + hi) / 2;
            if (x < w[mid])
                hi = mid;
            else
                lo = mid + 1;
        }
        mp_obj *item = seq_item(pop, lo);
        if (!item) {
            mp_mem_free(w);
            goto fail;
        }
        mp_list_append_steal(result, item);
    }
    mp_mem_free(w);
    return result;
fail:
    mp_decref(result);
    return NULL;
}

/* Float parameters with defaults: out[i] keeps its default when absent. */
static bool float_params(const char *fname, mp_obj *const *args, size_t nargs, mp_obj *kw,
                         const char *const *names, int n, int nrequired, double *out) {
    mp_obj *v[4];
    if (mp_arg_parse(fname, args, nargs, kw, names, n, nrequired, v) < 0)
        return false;
    for (int i = 0; i < n; i++)
        if (v[i] && mp_number_as_double(v[i], &out[i]) < 0)
            return false;
    return true;
}

FN(rnd_uniform) {
    static const char *const names[] = {"a", "b"};
    double p[2];
    if (!float_params("uniform", args, nargs, kw, names, 2, 2, p))
        return NULL;
    return mp_float_new(p[0] + (p[1] - p[0]) * random_double(R(self)));
}

FN(rnd_triangular) {
    static const char *const names[] = {"low", "high", "mode"};
    mp_obj *v[3];
    double low = 0.0, high = 1.0, mode = 0.0, c = 0.5;
    if (mp_arg_parse("triangular", args, nargs, kw, names, 3, 0, v) < 0 ||
        (v[0] && mp_number_as_double(v[0], &low) < 0) ||
        (v[1] && mp_number_as_double(v[1], &high) < 0) ||
        (v[2] && v[2] != mp_None && mp_number_as_double(v[2], &mode) < 0))
        return NULL;
    double u = random_double(R(self));
    if (v[2] && v[2] != mp_None) {
        if (high - low == 0.0)
            return mp_float_new(low);
        c = (mode - low) / (high - low);
    }
    if (u > c) {
        u = 1.0 - u;
        c = 1.0 - c;
        double t = low;
        low = high;
        high = t;
    }
    return mp_float_new(low + (high - low) * sqrt(u * c));
}

static double normalvariate(random_obj *self, double mu, double sigma) {
    const double nv_magicconst = 4 * exp(-0.5) / sqrt(2.0);
    double z;
    for (;;) {
        double u1 = random_double(self), u2 = 1.0 - random_double(self);
        z = nv_magicconst * (u1 - 0.5) / u2;
        if (z * z / 4.0 <= -log(u2))
            break;
    }
    return mu + z * sigma;
}

static const char *const mu_sigma[] = {"mu", "sigma"};

FN(rnd_normalvariate) {
    double p[2] = {0.0, 1.0};
    if (!float_params("normalvariate", args, nargs, kw, mu_sigma, 2, 0, p))
        return NULL;
    return mp_float_new(normalvariate(R(self), p[0], p[1]));
}

FN(rnd_lognormvariate) {
    double p[2];
    if (!float_params("lognormvariate", args, nargs, kw, mu_sigma, 2, 2, p))
        return NULL;
    return mp_float_new(exp(normalvariate(R(self), p[0], p[1])));
}

FN(rnd_gauss) {
    double p[2] = {0.0, 1.0};
    if (!float_params("gauss", args, nargs, kw, mu_sigma, 2, 0, p))
        return NULL;
    random_obj *s = R(self);
    double z;
    if (s->has_gauss_next) {
        z = s->gauss_next;
        s->has_gauss_next = false;
    } else {
        double x2pi = random_double(s) * (2.0 * M_PI);
        double g2rad = sqrt(-2.0 * log(1.0 - random_double(s)));
        z = cos(x2pi) * g2rad;
        s->gauss_next = sin(x2pi) * g2rad;
        s->has_gauss_next = true;
    }
    return mp_float_new(p[0] + z * p[1]);
}

FN(rnd_expovariate) {
    static const char *const names[] = {"lambd"};
    double lambd;
    if (!float_params("expovariate", args, nargs, kw, names, 1, 1, &lambd))
        return NULL;
    double num = -log(1.0 - random_double(R(self)));
    if (lambd == 0.0) {
        mp_err_format(&mp_type_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    return mp_float_new(num / lambd);
}

FN(rnd_paretovariate) {
    static const char *const names[] = {"alpha"};
    double alpha;
    if (!float_params("paretovariate", args, nargs, kw, names, 1, 1, &alpha))
        return NULL;
    double u = 1.0 - random_double(R(self));
    if (alpha == 0.0) {
        mp_err_format(&mp_type_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    return mp_float_new(pow(u, -1.0 / alpha));
}

FN(rnd_weibullvariate) {
    static const char *const names[] = {"alpha", "beta"};
    double p[2];
    if (!float_params("weibullvariate", args, nargs, kw, names, 2, 2, p))
        return NULL;
    double u = 1.0 - random_double(R(self));
    if (p[1] == 0.0) {
        mp_err_format(&mp_type_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    return mp_float_new(p[0] * pow(-log(u), 1.0 / p[1]));
}

/* getstate(): (3, (624 words..., index), gauss_next), as random.py. */
FN(rnd_getstate) {
    if (mp_arg_no_kw("getstate", kw) || mp_arg_count("getstate", nargs, 0, 0))
        return NULL;
    random_obj *s = R(self);
    mp_obj *words = mp_tuple_new(MT_N + 1);
    for (int i = 0; i < MT_N; i++)
        mp_tuple_items(words)[i] = mp_int_from_u64(s->state[i]);
    mp_tuple_items(words)[MT_N] = mp_small(s->index);
    mp_obj *g = s->has_gauss_next ? mp_float_new(s->gauss_next) : mp_newref(mp_None);
    mp_obj *r = mp_tuple_pack(3, mp_small(3), words, g);
    mp_decref(words);
    mp_decref(g);
    return r;
}

FN(rnd_setstate) {
    if (mp_arg_no_kw("setstate", kw) || mp_arg_count("setstate", nargs, 1, 1))
        return NULL;
    mp_obj *st = args[0];
    if (!mp_tuple_check(st) || mp_tuple_size(st) != 3 || mp_tuple_items(st)[0] != mp_small(3) ||
        !mp_tuple_check(mp_tuple_items(st)[1]) ||
        mp_tuple_size(mp_tuple_items(st)[1]) != MT_N + 1) {
        mp_err_format(&mp_type_ValueError, "state vector is the wrong size");
        return NULL;
    }
    random_obj *s = R(self);
    mp_obj **w = mp_tuple_items(mp_tuple_items(st)[1]);
    uint32_t state[MT_N];
    int64_t v, index;
    for (int i = 0; i < MT_N; i++) {
        if (!check_int_arg(w[i], &v))
            return NULL;
        state[i] = (uint32_t)v;
    }
    if (!check_int_arg(w[MT_N], &index))
        return NULL;
    if (index < 0 || index > MT_N) {
        mp_err_format(&mp_type_ValueError, "invalid state");
        return NULL;
    }
    memcpy(s->state, state, sizeof state);
    s->index = (int)index;
    mp_obj *g = mp_tuple_items(st)[2];
    s->has_gauss_next = g != mp_None;
    if (s->has_gauss_next && mp_number_as_double(g, &s->gauss_next) < 0)
        return NULL;
    return mp_None;
}

static const mp_method_def random_methods[] = {
    {"seed", rnd_seed, 0, NULL},
    {"random", rnd_random, 0, NULL},
    {"getrandbits", rnd_getrandbits, 0, NULL},
    {"randrange", rnd_randrange, 0, NULL},
    {"randint", rnd_randint, 0, NULL},
    {"choice", rnd_choice, 0, NULL},
    {"choices", rnd_choices, 0, NULL},
    {"shuffle", rnd_shuffle, 0, NULL},
    {"sample", rnd_sample, 0, NULL},
    {"uniform", rnd_uniform, 0, NULL},
    {"triangular", rnd_triangular, 0, NULL},
    {"gauss", rnd_gauss, 0, NULL},
    {"normalvariate", rnd_normalvariate, 0, NULL},
    {"lognormvariate", rnd_lognormvariate, 0, NULL},
    {"expovariate", rnd_expovariate, 0, NULL},
    {"paretovariate", rnd_paretovariate, 0, NULL},
    {"weibullvariate", rnd_weibullvariate, 0, NULL},
    {"getstate", rnd_getstate, 0, NULL},
    {"setstate", rnd_setstate, 0, NULL},
    {NULL},
};

static mp_obj *random_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    if (mp_arg_no_kw("Random", kw) || mp_arg_count("Random", nargs, 0, 1))
        return NULL;
    mp_obj *r = mp_obj_alloc(type, sizeof(random_obj));
    if (!rnd_seed(r, args, nargs, NULL)) {
        mp_obj_free(r);
        return NULL;
    }
    return r;
}

static void random_dealloc(mp_obj *self) { mp_obj_free(self); }

mp_type mp_type_random = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "random.Random",
    .basicsize = sizeof(random_obj),
    .dealloc = random_dealloc,
    .new_ = random_new,
    .methods = random_methods,
};

mp_obj *mp_random_module_create(void) {
    if (mp_type_ready(&mp_type_random) < 0)
        return NULL;
    mp_obj *m = mp_module_new("random");
    if (!m)
        return NULL;
    mp_obj *inst = random_new(&mp_type_random, NULL, 0, NULL);
    int rc = inst ? mp_module_add_obj(m, "Random", (mp_obj *)&mp_type_random) |
                        mp_module_add_obj(m, "_inst", inst)
                  : -1;
    for (const mp_method_def *d = random_methods; rc == 0 && d->name; d++) {
        mp_obj *f = mp_cfunction_new(d, inst);
        rc = mp_module_add_obj(m, d->name, f);
        mp_decref(f);
    }
    mp_xdecref(inst);
    if (rc) {
        mp_decref(m);
        return NULL;
    }
    return m;
}

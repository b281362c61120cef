/*
 * obj_dict.c — the dict type: CPython's compact, insertion-ordered table.
 *
 * `indices` is a sparse open-addressing table (CPython's probe sequence:
 * i = i*5 + perturb + 1) holding positions in the dense `entries` array,
 * which keeps insertion order.  Deleting leaves a hole (key NULL) and a
 * DUMMY index; a resize compacts both.  One block holds both arrays; an
 * empty dict shares a static one-slot EMPTY table and allocates on the
 * first insert.
 *
 * `entries_cap` is the number of entry slots usable before the next
 * resize (CPython's dk_usable + dk_nentries): popitem() gives slots back
 * to `nentries` but not to `entries_cap`, which keeps at least one EMPTY
 * index so every probe terminates.
 *
 * `version` comes from one global counter and is renewed whenever a key
 * is added or removed, the table is resized or cleared — never when only
 * a value is replaced.  The VM's inline caches for globals keep
 * (version, entry index) and read entries[index].value directly while the
 * version is unchanged, so every change to which entry holds which key
 * MUST renew it (see bump()).
 *
 * Views and iterators are in runtime/obj_dictview.c.
 */
#include "runtime/obj_dict.h"

#include <string.h>

#include "runtime/containers.h"
#include "runtime/errors.h"
#include "runtime/obj_dictview.h"
#include "runtime/obj_list.h"
#include "runtime/obj_tuple.h"

#define DICT(o) ((mp_dict *)(o))

enum {
    IX_EMPTY = -1,
    IX_DUMMY = -2
}; /* values in indices[] */
enum {
    LK_MISSING = -1,
    LK_ERROR = -2
}; /* results of lookups */
enum {
    MINSIZE = 8,
    PERTURB_SHIFT = 5
};

static int64_t empty_indices[1] = {IX_EMPTY}; /* shared, never written */

/* ---- versions -------------------------------------------------------------- */

#ifdef MINIPY_NO_GIL
static _Atomic uint64_t version_counter;
static uint64_t next_version(void) {
    return atomic_fetch_add_explicit(&version_counter, 1, memory_order_relaxed) + 1;
}
#else
static uint64_t version_counter; /* the GIL serialises all updates */
static uint64_t next_version(void) { return ++version_counter; }
#endif

static inline void bump(mp_dict *d) { d->version = next_version(); }

/* ---- table management ------------------------------------------------------ */

static inline size_t usable(size_t size) { return (size << 1) / 3; }

static bool has_table(mp_dict *d) { return d->indices != empty_indices; }

static void set_empty_table(mp_dict *d) {
    d->indices = empty_indices;
    d->entries = NULL;
    d->mask = 0;
    d->entries_cap = 0;
    d->nentries = 0;
    d->used = 0;
}

/* Smallest power-of-two table size >= minsize (at least MINSIZE). */
static size_t table_size_for(size_t minsize) {
    size_t size = MINSIZE;
    while (size < minsize)
        size <<= 1;
    return size;
}

/* Installs a fresh all-EMPTY table of `size` index slots. */
static void alloc_table(mp_dict *d, size_t size) {
    size_t cap = usable(size);
    char *block = mp_mem_alloc(size * sizeof(int64_t) + cap * sizeof(mp_dict_entry));
    d->indices = (int64_t *)block;
    d->entries = (mp_dict_entry *)(block + size * sizeof(int64_t));
    memset(d->indices, 0xff, size * sizeof(int64_t)); /* all IX_EMPTY */
    d->mask = size - 1;
    d->entries_cap = cap;
    d->nentries = 0;
}

static void free_table(mp_dict *d) {
    if (has_table(d))
        mp_mem_free(d->indices);
}

/* First EMPTY or DUMMY index slot on hash's probe sequence. */
static size_t find_free_slot(mp_dict *d, mp_hash_t hash) {
    size_t mask = d->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    while (d->indices[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* Appends an entry for a key known to be absent; room must exist.
 * Steals key and value. */
static void insert_clean(mp_dict *d, mp_obj *key, mp_hash_t hash, mp_obj *value) {
    size_t ix = d->nentries++;
    d->indices[find_free_slot(d, hash)] = (int64_t)ix;
    mp_dict_entry *ep = &d->entries[ix];
    ep->hash = hash;
    ep->key = key;
    ep->value = value;
    d->used++;
}

/* Rebuilds the table with `size` index slots, compacting the entries. */
static void resize(mp_dict *d, size_t size) {
    int64_t *old_block = d->indices;
    mp_dict_entry *old = d->entries;
    size_t n = d->nentries;
    bool had = has_table(d);
    alloc_table(d, size);
    d->used = 0;
    for (size_t i = 0; i < n; i++)
        if (old[i].key)
            insert_clean(d, old[i].key, old[i].hash, old[i].value);
    if (had)
        mp_mem_free(old_block);
    bump(d);
}

/* Room for one more entry, growing to hold 3x the live keys. */
static void make_room(mp_dict *d) {
    if (d->nentries >= d->entries_cap)
        resize(d, table_size_for(d->used * 3));
}

/* ---- lookup ---------------------------------------------------------------- */

static mp_ssize_t lookup_generic(mp_dict *d, mp_obj *key, mp_hash_t hash);

static inline bool str_same(mp_obj *a, mp_obj *b) {
    size_t n = mp_str_size(a);
    return n == mp_str_size(b) && memcmp(mp_str_data(a), mp_str_data(b), n) == 0;
}

/* Exact-str key: identity, then hash, then the bytes of str entries.  A
 * non-str entry with the same hash is handed to the general lookup. */
static mp_ssize_t lookup_str(mp_dict *d, mp_obj *key, mp_hash_t hash) {
    size_t mask = d->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        int64_t ix = d->indices[i];
        if (ix == IX_EMPTY)
            return LK_MISSING;
        if (ix >= 0) {
            mp_dict_entry *ep = &d->entries[ix];
            if (ep->key == key)
                return ix;
            if (ep->hash == hash) {
                if (MP_IS_TAGGED(ep->key) || ep->key->type != &mp_type_str)
                    return lookup_generic(d, key, hash);
                if (str_same(ep->key, key))
                    return ix;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Tagged-int key: equal ints share their tagged form, so only heap
 * entries with the same hash (1.0, True) need a real comparison. */
static mp_ssize_t lookup_small(mp_dict *d, mp_obj *key, mp_hash_t hash) {
    size_t mask = d->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        int64_t ix = d->indices[i];
        if (ix == IX_EMPTY)
            return LK_MISSING;
        if (ix >= 0) {
            mp_dict_entry *ep = &d->entries[ix];
            if (ep->key == key)
                return ix;
            if (ep->hash == hash && !MP_IS_TAGGED(ep->key))
                return lookup_generic(d, key, hash);
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Any key.  __eq__ can run arbitrary code; if it changed the table the
 * search starts over, as in CPython. */
static mp_ssize_t lookup_generic(mp_dict *d, mp_obj *key, mp_hash_t hash) {
restart:;
    size_t mask = d->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        int64_t ix = d->indices[i];
        if (ix == IX_EMPTY)
            return LK_MISSING;
        if (ix >= 0) {
            mp_dict_entry *entries = d->entries, *ep = &entries[ix];
            mp_obj *startkey = ep->key;
            if (startkey == key)
                return ix;
            if (ep->hash == hash) {
                mp_incref(startkey);
                int cmp = mp_richcompare_bool(startkey, key, MP_EQ);
                mp_decref(startkey);
                if (cmp < 0)
                    return LK_ERROR;
                if (d->entries != entries || d->mask != mask || ep->key != startkey)
                    goto restart;
                if (cmp > 0)
                    return ix;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static inline mp_ssize_t lookup(mp_dict *d, mp_obj *key, mp_hash_t hash) {
    if (MP_IS_TAGGED(key))
        return lookup_small(d, key, hash);
    if (key->type == &mp_type_str)
        return lookup_str(d, key, hash);
    return lookup_generic(d, key, hash);
}

/* The index slot holding entry ix (which must be live). */
static size_t slot_of(mp_dict *d, mp_hash_t hash, mp_ssize_t ix) {
    size_t mask = d->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    while (d->indices[i] != ix) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* ---- core operations ------------------------------------------------------- */

mp_ssize_t mp_dict_lookup_index(mp_obj *d, mp_obj *key, mp_hash_t hash) {
    return lookup(DICT(d), key, hash);
}

mp_obj *mp_dict_get_hash(mp_obj *o, mp_obj *key, mp_hash_t hash) {
    mp_ssize_t ix = lookup(DICT(o), key, hash);
    return ix >= 0 ? DICT(o)->entries[ix].value : NULL;
}

mp_obj *mp_dict_get(mp_obj *o, mp_obj *key) {
    mp_hash_t hash = mp_ctr_hash(key);
    if (hash == -1)
        return NULL;
    return mp_dict_get_hash(o, key, hash);
}

int mp_dict_set_hash(mp_obj *o, mp_obj *key, mp_hash_t hash, mp_obj *value) {
    mp_dict *d = DICT(o);
    mp_ssize_t ix = lookup(d, key, hash);
    if (ix >= 0) {
        mp_setref(&d->entries[ix].value, mp_newref(value));
        return 0;
    }
    if (ix == LK_ERROR)
        return -1;
    make_room(d);
    insert_clean(d, mp_newref(key), hash, mp_newref(value));
    bump(d);
    return 0;
}

int mp_dict_set(mp_obj *o, mp_obj *key, mp_obj *value) {
    mp_hash_t hash = mp_ctr_hash(key);
    if (hash == -1)
        return -1;
    return mp_dict_set_hash(o, key, hash, value);
}

/* Unlinks live entry ix and releases its key and value. */
static void delete_entry(mp_dict *d, mp_ssize_t ix) {
    mp_dict_entry *ep = &d->entries[ix];
    d->indices[slot_of(d, ep->hash, ix)] = IX_DUMMY;
    mp_obj *k = ep->key, *v = ep->value;
    ep->key = NULL;
    ep->value = NULL;
    d->used--;
    bump(d);
    mp_decref(k);
    mp_decref(v);
}

int mp_dict_del_hash(mp_obj *o, mp_obj *key, mp_hash_t hash) {
    mp_ssize_t ix = lookup(DICT(o), key, hash);
    if (ix < 0)
        return ix == LK_ERROR ? -1 : 1;
    delete_entry(DICT(o), ix);
    return 0;
}

int mp_dict_del(mp_obj *o, mp_obj *key) {
    mp_hash_t hash = mp_ctr_hash(key);
    if (hash == -1)
        return -1;
    return mp_dict_del_hash(o, key, hash);
}

mp_obj *mp_dict_get_cstr(mp_obj *d, const char *key) {
    return mp_dict_get(d, mp_str_intern_cstr(key));
}

int mp_dict_set_cstr(mp_obj *d, const char *key, mp_obj *value) {
    return mp_dict_set(d, mp_str_intern_cstr(key), value);
}

int mp_dict_contains(mp_obj *d, mp_obj *key) {
    mp_hash_t hash = mp_ctr_hash(key);
    if (hash == -1)
        return -1;
    mp_ssize_t ix = lookup(DICT(d), key, hash);
    return ix == LK_ERROR ? -1 : ix >= 0;
}

bool mp_dict_next_hash(mp_obj *o, size_t *pos, mp_obj **key, mp_obj **value, mp_hash_t *hash) {
    mp_dict *d = DICT(o);
    size_t i = *pos;
    while (i < d->nentries && !d->entries[i].key)
        i++;
    if (i >= d->nentries)
        return false;
    *pos = i + 1;
    if (key)
        *key = d->entries[i].key;
    if (value)
        *value = d->entries[i].value;
    if (hash)
        *hash = d->entries[i].hash;
    return true;
}

bool mp_dict_next(mp_obj *d, size_t *pos, mp_obj **key, mp_obj **value) {
    return mp_dict_next_hash(d, pos, key, value, NULL);
}

void mp_dict_clear(mp_obj *o) {
    mp_dict *d = DICT(o);
    if (!has_table(d))
        return;
    /* Empty the dict before releasing anything: a __del__ may look at it. */
    int64_t *block = d->indices;
    mp_dict_entry *entries = d->entries;
    size_t n = d->nentries;
    set_empty_table(d);
    bump(d);
    for (size_t i = 0; i < n; i++) {
        if (entries[i].key) {
            mp_decref(entries[i].key);
            mp_decref(entries[i].value);
        }
    }
    mp_mem_free(block);
}

static mp_dict *dict_alloc(mp_type *type) {
    mp_dict *d = (mp_dict *)mp_ctr_alloc(type, &mp_type_dict);
    set_empty_table(d);
    bump(d);
    return d;
}

mp_obj *mp_dict_new(void) { return &dict_alloc(&mp_type_dict)->head; }

mp_obj *mp_dict_new_presized(size_t n) {
    mp_dict *d = dict_alloc(&mp_type_dict);
    if (n > usable(MINSIZE))
        alloc_table(d, table_size_for((n * 3 + 1) >> 1));
    return &d->head;
}

mp_obj *mp_dict_copy(mp_obj *o) {
    mp_dict *src = DICT(o);
    mp_obj *res = mp_dict_new_presized(src->used);
    for (size_t i = 0; i < src->nentries; i++) {
        mp_dict_entry *ep = &src->entries[i];
        if (ep->key) {
            make_room(DICT(res));
            insert_clean(DICT(res), mp_newref(ep->key), ep->hash, mp_newref(ep->value));
        }
    }
    return res;
}

mp_obj *mp_dict_keys_list(mp_obj *o) {
    mp_dict *d = DICT(o);
    mp_obj *l = mp_list_new(d->used);
    for (size_t i = 0; i < d->nentries; i++)
        if (d->entries[i].key)
            mp_list_append(l, d->entries[i].key);
    return l;
}

/* ---- merging ----------------------------------------------------------------- */

/* One key/value of a merge under `override` (see mp_dict_merge). */
static int merge_one(mp_obj *d, mp_obj *key, mp_hash_t hash, mp_obj *value, int override) {
    if (override == 1)
        return mp_dict_set_hash(d, key, hash, value);
    mp_ssize_t ix = lookup(DICT(d), key, hash);
    if (ix == LK_ERROR)
        return -1;
    if (ix == LK_MISSING)
        return mp_dict_set_hash(d, key, hash, value);
    if (override == 2) {
        mp_ctr_key_error(key);
        return -1;
    }
    return 0;
}

static int merge_dict(mp_obj *d, mp_obj *other, int override) {
    mp_dict *b = DICT(other);
    if (b == DICT(d) || b->used == 0)
        return 0;
    /* Grow once up front; expect few overlapping keys. */
    mp_dict *a = DICT(d);
    if (a->nentries + b->used > a->entries_cap)
        resize(a, table_size_for((a->used + b->used) * 3 / 2 + 1));
    size_t n = b->used;
    for (size_t i = 0; i < b->nentries; i++) {
        mp_dict_entry *ep = &b->entries[i];
        if (!ep->key)
            continue;
        mp_obj *key = mp_newref(ep->key), *value = mp_newref(ep->value);
        int r = merge_one(d, key, ep->hash, value, override);
        mp_decref(key);
        mp_decref(value);
        if (r < 0)
            return -1;
        if (b->used != n) {
            mp_err_format(&mp_type_RuntimeError, "dict mutated during update");
            return -1;
        }
    }
    return 0;
}

/* A mapping that is not a dict: for k in other.keys(): d[k] = other[k]. */
static int merge_mapping(mp_obj *d, mp_obj *other, int override) {
    mp_obj *keys = mp_call_method(other, "keys", NULL, 0);
    if (!keys)
        return -1;
    mp_obj *it = mp_iter(keys);
    mp_decref(keys);
    if (!it)
        return -1;
    mp_obj *key;
    while ((key = mp_iternext(it)) != NULL) {
        mp_hash_t hash = mp_ctr_hash(key);
        mp_obj *value = hash == -1 ? NULL : mp_getitem(other, key);
        int r = value ? merge_one(d, key, hash, value, override) : -1;
        mp_xdecref(value);
        mp_decref(key);
        if (r < 0) {
            mp_decref(it);
            return -1;
        }
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : 0;
}

int mp_dict_merge(mp_obj *d, mp_obj *other, int override) {
    if (mp_dict_check(other) && mp_typeof(other)->iter == mp_type_dict.iter)
        return merge_dict(d, other, override);
    return merge_mapping(d, other, override);
}

/* dict.update(iterable of pairs) */
static int merge_pairs(mp_obj *d, mp_obj *seq) {
    mp_obj *it = mp_iter(seq);
    if (!it)
        return -1;
    mp_obj *item;
    for (size_t i = 0; (item = mp_iternext(it)) != NULL; i++) {
        mp_obj *fast = mp_ctr_seq_fast(item, "");
        int r = -1;
        if (!fast) {
            if (mp_err_matches(&mp_type_TypeError)) {
                mp_err_clear();
                mp_err_format(
                    &mp_type_TypeError,
                    "cannot convert dictionary update sequence element #%zu to a sequence", i);
            }
        } else {
            size_t n;
            mp_obj **kv = mp_ctr_fast_items(fast, &n);
            if (n != 2)
                mp_err_format(
                    &mp_type_ValueError,
                    "dictionary update sequence element #%zu has length %zu; 2 is required", i, n);
            else
                r = mp_dict_set(d, kv[0], kv[1]);
            mp_decref(fast);
        }
        mp_decref(item);
        if (r < 0) {
            mp_decref(it);
            return -1;
        }
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : 0;
}

int mp_dict_update(mp_obj *d, mp_obj *other) {
    if (mp_isinstance_exact(other, &mp_type_dict))
        return merge_dict(d, other, 1);
    mp_obj *keys = mp_getattr_opt(other, mp_ctr_str_keys);
    if (keys) {
        mp_decref(keys);
        return merge_mapping(d, other, 1);
    }
    if (mp_err_occurred())
        return -1;
    return merge_pairs(d, other);
}

/* The body of dict(...), d.update(...): one optional positional argument,
 * then the keyword arguments. */
static int update_common(mp_obj *d, const char *name, mp_obj *const *args, size_t nargs,
                         mp_obj *kwnames) {
    if (nargs > 1) {
        mp_err_format(&mp_type_TypeError, "%s expected at most 1 argument, got %zu", name, nargs);
        return -1;
    }
    if (nargs == 1 && mp_dict_update(d, args[0]) < 0)
        return -1;
    size_t nkw = kwnames ? mp_tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++)
        if (mp_dict_set(d, mp_tuple_items(kwnames)[i], args[nargs + i]) < 0)
            return -1;
    return 0;
}

/* ---- type slots ---------------------------------------------------------------- */

static mp_obj *dict_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return &dict_alloc(type)->head;
}

static int dict_init(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    return update_common(self, "dict", args, nargs, kwnames);
}

static void dict_dealloc(mp_obj *o) {
    if (mp_trash_begin(o))
        return;
    mp_dict *d = DICT(o);
    for (size_t i = 0; i < d->nentries; i++) {
        if (d->entries[i].key) {
            mp_decref(d->entries[i].key);
            mp_decref(d->entries[i].value);
        }
    }
    free_table(d);
    mp_ctr_free(o, &mp_type_dict);
    mp_trash_end();
}

static mp_obj *dict_repr(mp_obj *o) {
    mp_dict *d = DICT(o);
    if (d->used == 0)
        return mp_str_from_cstr("{}");
    mp_repr_guard g;
    if (mp_repr_enter(&g, o))
        return mp_str_from_cstr("{...}");
    mp_sb sb;
    mp_sb_init(&sb, 2 + 8 * d->used);
    mp_sb_addc(&sb, '{');
    bool first = true;
    /* Re-read the table each step: a __repr__ may mutate the dict. */
    for (size_t i = 0; i < d->nentries; i++) {
        mp_dict_entry *ep = &d->entries[i];
        if (!ep->key)
            continue;
        mp_obj *k = mp_newref(ep->key), *v = mp_newref(ep->value);
        if (!first)
            mp_sb_add(&sb, ", ", 2);
        first = false;
        int r = mp_sb_add_obj(&sb, k, true);
        if (r == 0) {
            mp_sb_add(&sb, ": ", 2);
            r = mp_sb_add_obj(&sb, v, true);
        }
        mp_decref(k);
        mp_decref(v);
        if (r < 0) {
            mp_sb_free(&sb);
            mp_repr_leave(&g);
            return NULL;
        }
    }
    mp_sb_addc(&sb, '}');
    mp_repr_leave(&g);
    return mp_sb_finish(&sb);
}

/* 1 if equal, 0 if not, -1 on error. */
static int dict_equal(mp_dict *a, mp_dict *b) {
    if (a->used != b->used)
        return 0;
    for (size_t i = 0; i < a->nentries; i++) {
        mp_dict_entry *ep = &a->entries[i];
        if (!ep->key)
            continue;
        mp_obj *key = mp_newref(ep->key), *aval = mp_newref(ep->value);
        mp_ssize_t ix = lookup(b, key, ep->hash);
        int cmp = ix == LK_ERROR ? -1 : 0;
        if (ix >= 0) {
            mp_obj *bval = mp_newref(b->entries[ix].value);
            cmp = mp_richcompare_bool(aval, bval, MP_EQ);
            mp_decref(bval);
        }
        mp_decref(key);
        mp_decref(aval);
        if (cmp <= 0)
            return cmp;
    }
    return 1;
}

static mp_obj *dict_richcompare(mp_obj *a, mp_obj *b, int op) {
    if (!mp_dict_check(a) || !mp_dict_check(b) || (op != MP_EQ && op != MP_NE))
        return mp_newref(mp_NotImplemented);
    int r = dict_equal(DICT(a), DICT(b));
    if (r < 0)
        return NULL;
    return mp_bool_from(r == (op == MP_EQ));
}

static mp_obj *dict_binop(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (op != MP_OP_OR || !mp_dict_check(a) || !mp_dict_check(b))
        return mp_newref(mp_NotImplemented);
    mp_obj *r = mp_dict_copy(a);
    if (mp_dict_update(r, b) < 0) {
        mp_decref(r);
        return NULL;
    }
    return r;
}

static mp_obj *dict_inplace(mp_obj *a, mp_obj *b, mp_binop_t op) {
    if (op != MP_OP_OR)
        return mp_newref(mp_NotImplemented);
    if (mp_dict_update(a, b) < 0)
        return NULL;
    return mp_newref(a);
}

static mp_ssize_t dict_len(mp_obj *o) { return (mp_ssize_t)DICT(o)->used; }

static mp_obj *dict_getitem(mp_obj *self, mp_obj *key) {
    mp_hash_t hash = mp_ctr_hash(key);
    if (hash == -1)
        return NULL;
    mp_ssize_t ix = lookup(DICT(self), key, hash);
    if (ix >= 0)
        return mp_newref(DICT(self)->entries[ix].value);
    if (ix == LK_ERROR)
        return NULL;
    if (!mp_isinstance_exact(self, &mp_type_dict)) {
        mp_obj *missing = mp_type_lookup(mp_typeof(self), mp_ctr_str_missing);
        if (missing)
            return mp_call2(missing, self, key);
    }
    mp_ctr_key_error(key);
    return NULL;
}

static int dict_setitem(mp_obj *self, mp_obj *key, mp_obj *value) {
    if (value)
        return mp_dict_set(self, key, value);
    int r = mp_dict_del(self, key);
    if (r == 1)
        mp_ctr_key_error(key);
    return r == 0 ? 0 : -1;
}

static int dict_contains(mp_obj *self, mp_obj *key) { return mp_dict_contains(self, key); }

/* ---- methods --------------------------------------------------------------------- */

static mp_obj *dict_get_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_args("dict.get", "get", nargs, kwnames, 1, 2) < 0)
        return NULL;
    mp_obj *v = mp_dict_get(self, args[0]);
    if (v)
        return mp_newref(v);
    if (mp_err_occurred())
        return NULL;
    return mp_newref(nargs > 1 ? args[1] : mp_None);
}

static mp_obj *dict_setdefault_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_args("dict.setdefault", "setdefault", nargs, kwnames, 1, 2) < 0)
        return NULL;
    mp_hash_t hash = mp_ctr_hash(args[0]);
    if (hash == -1)
        return NULL;
    mp_ssize_t ix = lookup(DICT(self), args[0], hash);
    if (ix >= 0)
        return mp_newref(DICT(self)->entries[ix].value);
    if (ix == LK_ERROR)
        return NULL;
    mp_obj *dflt = nargs > 1 ? args[1] : mp_None;
    make_room(DICT(self));
    insert_clean(DICT(self), mp_newref(args[0]), hash, mp_newref(dflt));
    bump(DICT(self));
    return mp_newref(dflt);
}

mp_obj *mp_dict_pop(mp_obj *self, mp_obj *key, mp_obj *dflt) {
    mp_hash_t hash = mp_ctr_hash(key);
    if (hash == -1)
        return NULL;
    mp_dict *d = DICT(self);
    mp_ssize_t ix = lookup(d, key, hash);
    if (ix == LK_ERROR)
        return NULL;
    if (ix == LK_MISSING) {
        if (dflt)
            return mp_newref(dflt);
        mp_ctr_key_error(key);
        return NULL;
    }
    mp_obj *v = mp_newref(d->entries[ix].value);
    delete_entry(d, ix);
    return v;
}

static mp_obj *dict_pop_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_args("dict.pop", "pop", nargs, kwnames, 1, 2) < 0)
        return NULL;
    return mp_dict_pop(self, args[0], nargs > 1 ? args[1] : NULL);
}

static mp_obj *dict_popitem_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("dict.popitem", nargs, kwnames) < 0)
        return NULL;
    mp_dict *d = DICT(self);
    if (d->used == 0) {
        mp_err_format(&mp_type_KeyError, "popitem(): dictionary is empty");
        return NULL;
    }
    size_t i = d->nentries - 1;
    while (!d->entries[i].key)
        i--;
    mp_dict_entry *ep = &d->entries[i];
    mp_obj *res = mp_tuple_new(2);
    mp_tuple_items(res)[0] = ep->key; /* the entry's references move */
    mp_tuple_items(res)[1] = ep->value;
    d->indices[slot_of(d, ep->hash, (mp_ssize_t)i)] = IX_DUMMY;
    ep->key = NULL;
    ep->value = NULL;
    /* LIFO: trailing slots are reused, but not counted as free again. */
    d->entries_cap -= d->nentries - i;
    d->nentries = i;
    d->used--;
    bump(d);
    return res;
}

static mp_obj *dict_update_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (update_common(self, "update", args, nargs, kwnames) < 0)
        return NULL;
    return mp_newref(mp_None);
}

static mp_obj *dict_copy_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("dict.copy", nargs, kwnames) < 0)
        return NULL;
    return mp_dict_copy(self);
}

static mp_obj *dict_clear_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("dict.clear", nargs, kwnames) < 0)
        return NULL;
    mp_dict_clear(self);
    return mp_newref(mp_None);
}

/* dict.fromkeys(iterable, value=None), a classmethod: self is the class. */
static mp_obj *dict_fromkeys_m(mp_obj *cls, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_args("dict.fromkeys", "fromkeys", nargs, kwnames, 1, 2) < 0)
        return NULL;
    mp_obj *value = nargs > 1 ? args[1] : mp_None;
    mp_obj *d = mp_call0(cls);
    if (!d)
        return NULL;
    bool fast = mp_isinstance_exact(d, &mp_type_dict);
    mp_obj *it = mp_iter(args[0]), *key;
    if (!it) {
        mp_decref(d);
        return NULL;
    }
    while ((key = mp_iternext(it)) != NULL) {
        int r = fast ? mp_dict_set(d, key, value) : mp_setitem(d, key, value);
        mp_decref(key);
        if (r < 0)
            break;
    }
    mp_decref(it);
    if (mp_err_occurred()) {
        mp_decref(d);
        return NULL;
    }
    return d;
}

static mp_obj *dict_keys_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("dict.keys", nargs, kwnames) < 0)
        return NULL;
    return mp_dictview_new(&mp_type_dict_keys, self);
}

static mp_obj *dict_values_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("dict.values", nargs, kwnames) < 0)
        return NULL;
    return mp_dictview_new(&mp_type_dict_values, self);
}

static mp_obj *dict_items_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("dict.items", nargs, kwnames) < 0)
        return NULL;
    return mp_dictview_new(&mp_type_dict_items, self);
}

static mp_obj *dict_reversed_m(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kwnames) {
    if (mp_ctr_noargs("dict.__reversed__", nargs, kwnames) < 0)
        return NULL;
    return mp_dictiter_new(&mp_type_dict_reversekeyiterator, self);
}

static mp_obj *dict_iter(mp_obj *self) { return mp_dictiter_new(&mp_type_dict_keyiterator, self); }

static const mp_method_def dict_methods[] = {
    {"keys", dict_keys_m, 0, "D.keys() -> a set-like object providing a view on D's keys"},
    {"values", dict_values_m, 0, "D.values() -> an object providing a view on D's values"},
    {"items", dict_items_m, 0, "D.items() -> a set-like object providing a view on D's items"},
    {"get", dict_get_m, 0, "Return the value for key if key is in the dictionary, else default."},
    {"setdefault", dict_setdefault_m, 0,
     "Insert key with a value of default if key is not in the dictionary."},
    {"pop", dict_pop_m, 0,
     "D.pop(k[,d]) -> v, remove specified key and return the corresponding value."},
    {"popitem", dict_popitem_m, 0, "Remove and return a (key, value) pair as a 2-tuple."},
    {"update", dict_update_m, 0,
     "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."},
    {"copy", dict_copy_m, 0, "D.copy() -> a shallow copy of D"},
    {"clear", dict_clear_m, 0, "D.clear() -> None.  Remove all items from D."},
    {"fromkeys", dict_fromkeys_m, MP_METH_CLASS,
     "Create a new dictionary with keys from iterable and values set to value."},
    {"__reversed__", dict_reversed_m, 0, "Return a reverse iterator over the dict keys."},
    {NULL},
};

mp_type mp_type_dict = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "dict",
    .basicsize = sizeof(mp_dict),
    .tflags = MP_TFLAG_BASETYPE | MP_TFLAG_DICT_SUBCLASS,
    .dealloc = dict_dealloc,
    .repr = dict_repr,
    .richcompare = dict_richcompare,
    .binop = dict_binop,
    .inplace = dict_inplace,
    .new_ = dict_new,
    .init = dict_init,
    .iter = dict_iter,
    .len = dict_len,
    .getitem = dict_getitem,
    .setitem = dict_setitem,
    .contains = dict_contains,
    .methods = dict_methods,
};

void mp_dict_init(void) {
    mp_ctr_init_names();
    mp_type_ready(&mp_type_dict);
    mp_dictview_init();
}

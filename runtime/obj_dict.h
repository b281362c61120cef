/*
 * obj_dict.h — dict: an insertion-ordered hash table (CPython's compact
 * layout: a sparse index table pointing into a dense entry array).
 *
 * `version` changes whenever the set of keys or the entry layout changes
 * (insert of a new key, delete, resize, clear) but not when an existing
 * key's value is replaced.  The VM's global/attribute inline caches keep
 * (version, entry index) and read entries[index].value directly while the
 * version matches.  Versions come from one global counter, so two dicts
 * never share a version.
 */
#ifndef MP_OBJ_DICT_H
#define MP_OBJ_DICT_H

#include "runtime/object.h"

typedef struct mp_dict_entry {
    mp_hash_t hash;
    mp_obj *key;   /* NULL: deleted slot */
    mp_obj *value;
} mp_dict_entry;

typedef struct mp_dict {
    mp_obj head;
    size_t used;            /* live entries */
    size_t nentries;        /* entries[] slots used, deleted included */
    size_t entries_cap;
    size_t mask;            /* index table size - 1 (size is a power of 2) */
    int64_t *indices;       /* -1 empty, -2 dummy, else index into entries */
    mp_dict_entry *entries;
    uint64_t version;
} mp_dict;

extern mp_type mp_type_dict;

static inline bool mp_dict_check(const mp_obj *o) {
    return !MP_IS_TAGGED(o) && (o->type->tflags & MP_TFLAG_DICT_SUBCLASS);
}
static inline size_t mp_dict_size(const mp_obj *d) { return ((const mp_dict *)d)->used; }

mp_obj *mp_dict_new(void);
/* Borrowed value or NULL.  NULL with an exception set means the key was
 * unhashable or __eq__ raised; test mp_err_occurred() to tell. */
mp_obj *mp_dict_get(mp_obj *d, mp_obj *key);
mp_obj *mp_dict_get_cstr(mp_obj *d, const char *key);
int mp_dict_set(mp_obj *d, mp_obj *key, mp_obj *value);     /* increfs both */
int mp_dict_set_cstr(mp_obj *d, const char *key, mp_obj *value);
/* 0 deleted, 1 missing (no exception), -1 error. */
int mp_dict_del(mp_obj *d, mp_obj *key);
/* Entry index for key with precomputed hash, -1 missing, -2 error. */
mp_ssize_t mp_dict_lookup_index(mp_obj *d, mp_obj *key, mp_hash_t hash);
/* Iterate: size_t pos = 0; while (mp_dict_next(d, &pos, &k, &v)) ...
 * (borrowed k, v; the dict must not change size meanwhile). */
bool mp_dict_next(mp_obj *d, size_t *pos, mp_obj **key, mp_obj **value);
int mp_dict_update(mp_obj *d, mp_obj *other); /* dict.update(other) */
mp_obj *mp_dict_copy(mp_obj *d);
void mp_dict_clear(mp_obj *d);
mp_obj *mp_dict_keys_list(mp_obj *d);

/* A dict with room for n keys before it resizes. */
mp_obj *mp_dict_new_presized(size_t n);
/* The operations above with the key's hash already known. */
mp_obj *mp_dict_get_hash(mp_obj *d, mp_obj *key, mp_hash_t hash);
int mp_dict_set_hash(mp_obj *d, mp_obj *key, mp_hash_t hash, mp_obj *value);
int mp_dict_del_hash(mp_obj *d, mp_obj *key, mp_hash_t hash);
int mp_dict_contains(mp_obj *d, mp_obj *key);                 /* 1, 0, -1 */
/* mp_dict_next that also yields the stored hash (any out may be NULL). */
bool mp_dict_next_hash(mp_obj *d, size_t *pos, mp_obj **key, mp_obj **value, mp_hash_t *hash);
/* d.pop(key[, dflt]): new reference; dflt NULL raises KeyError(key). */
mp_obj *mp_dict_pop(mp_obj *d, mp_obj *key, mp_obj *dflt);
/* Adds the items of a mapping (a dict, or anything with keys() and
 * __getitem__).  override 1: replace existing keys (d.update), 0: keep
 * them, 2: raise KeyError(key) on the first duplicate (f(**kw) merging). */
int mp_dict_merge(mp_obj *d, mp_obj *other, int override);

/* Start-up: makes dict, its views and iterators ready. */
void mp_dict_init(void);

#endif /* MP_OBJ_DICT_H */

/* sidefx._speedups: the optional compiled hot path of the recorder (CPython 3.8-3.14).
 *
 * Its types are driven from sidefx/_fast.py, which also holds the pure-Python fallbacks:
 *
 * Reader  - peek(frame, n) / depth(frame) over a traced frame's value stack.  It knows no struct
 *           layout of its own: the offsets come from the family module in sidefx/_stack
 *           (C_LAYOUT), the same ones the ctypes readers use, and every check they make is made
 *           here too before a word is followed (frame and interpreter frame point at each other,
 *           the code matches, the frame is live, 0 <= depth <= co_stacksize, aligned pointers,
 *           _PyStackRef tags on 3.14).  The static depths of 3.12/3.13 come from the Python
 *           analysis (one table per code object, handed over once).
 *
 * Tracer  - a C trace function (PyEval_SetTrace) with the event semantics of
 *           sidefx._backends.SettraceBackend: `call` events of the traced code objects create
 *           the frame's state and turn opcode events on; an `opcode` event is handed to
 *           Engine.instruction only if the frame has a pending call or the offset has a
 *           translator (a per-code bitmap computed in Python from _CodeInfo.steps) - every other
 *           opcode event is one where the engine would do nothing; `exception` and `return`
 *           events go to the engine for frames that have a state.
 *
 * MonitorHook (3.12+) - the INSTRUCTION callback of sidefx._backends.MonitoringBackend: the same
 *           per-code bitmap decides whether the engine is called, a second bit whether the event
 *           is kept at that offset or DISABLEd; and the exit callback.
 *
 * FastLane - handed each event first by Tracer and MonitorHook: runs the calls of the simple rows
 *           (plans generated from the opcode tables, sidefx._generator.codegen) from start to
 *           record without calling Python, makes and drops frame states, and leaves everything
 *           else to the engine, which takes over a call started here at its next event.
 *
 * Only the public C API is used on the interpreter side (PyFrame_GetCode, PyFrame_GetLasti,
 * PyEval_SetTrace, the PyThreadState tracing fields, the PyCodeObject fields).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Frames closer than this to the recursion limit are not traced on 3.8 (see PyTrace_CALL). */
#define RECURSION_MARGIN 150
#include <frameobject.h>
#include <stddef.h>
#include <stdint.h>
#ifndef Py_T_OBJECT_EX  /* 3.12+ names it in descrobject.h; structmember.h before */
#include <structmember.h>
#define Py_T_OBJECT_EX T_OBJECT_EX
#endif
#include <string.h>
#ifdef __linux__
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#if PY_VERSION_HEX < 0x03080000 || PY_VERSION_HEX >= 0x030F0000
#error "sidefx._speedups supports CPython 3.8-3.14"
#endif
#ifdef Py_GIL_DISABLED
#error "sidefx._speedups supports default (GIL) builds only"
#endif

/* Bumped whenever the Python side's expectations change: sidefx/_fast.py refuses other values
 * (e.g. a stale in-place build of an older source). */
#define API_VERSION 8

/* sha256 of this file, passed in by setup.py: sidefx/_fast.py compares it with the source next to
 * it, so an in-place (editable) build older than its source is not used. */
#ifndef SIDEFX_SOURCE_DIGEST
#define SIDEFX_SOURCE_DIGEST ""
#endif

#if PY_VERSION_HEX >= 0x03090000
#define CALL_VECTOR PyObject_Vectorcall
#else
#define CALL_VECTOR _PyObject_Vectorcall
#define PyObject_CallOneArg(callable, arg) PyObject_CallFunctionObjArgs((callable), (arg), NULL)
#define PyObject_GC_IsTracked(obj) (PyObject_IS_GC(obj) && _PyObject_GC_IS_TRACKED(obj))
#define Py_SET_SIZE(obj, size) (Py_SIZE(obj) = (size))
#endif
#if PY_VERSION_HEX < 0x030A0000
static inline PyObject *Py_NewRef(PyObject *obj) { Py_INCREF(obj); return obj; }
static inline PyObject *Py_XNewRef(PyObject *obj) { Py_XINCREF(obj); return obj; }
#define Py_TPFLAGS_SEQUENCE 0  /* (3.10+: match statements treat the type as a sequence) */
#endif

/* ---- frame access through the public API ------------------------------------------------- */

static inline PyCodeObject *
frame_code(PyFrameObject *frame)   /* borrowed: the frame keeps its code alive */
{
#if PY_VERSION_HEX >= 0x03090000
    PyCodeObject *code = PyFrame_GetCode(frame);
    Py_DECREF(code);
    return code;
#else
    return frame->f_code;
#endif
}

static inline int
frame_lasti(PyFrameObject *frame)  /* byte offset, as frame.f_lasti; -1 before the first */
{
#if PY_VERSION_HEX >= 0x030B0000
    return PyFrame_GetLasti(frame);
#elif PY_VERSION_HEX >= 0x030A0000
    return frame->f_lasti < 0 ? -1 : frame->f_lasti * 2;
#else
    return frame->f_lasti;
#endif
}

static inline Py_ssize_t
code_nlocalsplus(PyCodeObject *code)
{
#if PY_VERSION_HEX >= 0x030B0000
    return code->co_nlocalsplus;
#else
    (void)code;
    return 0;  /* unused before 3.11: the stack is located from the frame object */
#endif
}

/* ---- a pointer-keyed hash table (code object -> per-code data) ------------------------------ */

typedef struct {
    PyObject *key;    /* strong reference */
    PyObject *value;  /* strong reference, may be NULL */
} Slot;

typedef struct {
    Slot *slots;
    Py_ssize_t mask;  /* capacity - 1; capacity is a power of two */
    Py_ssize_t used;
} PtrTable;

static inline Py_ssize_t
ptr_hash(PyObject *key, Py_ssize_t mask)
{
    uintptr_t h = (uintptr_t)key >> 4;
    h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    return (Py_ssize_t)((h >> 20) & (uintptr_t)mask);
}

static Slot *
table_find(PtrTable *t, PyObject *key)
{
    if (t->slots == NULL) {
        return NULL;
    }
    Py_ssize_t i = ptr_hash(key, t->mask);
    for (;;) {
        Slot *s = &t->slots[i];
        if (s->key == key) {
            return s;
        }
        if (s->key == NULL) {
            return NULL;
        }
        i = (i + 1) & t->mask;
    }
}

static int
table_resize(PtrTable *t, Py_ssize_t capacity)
{
    Slot *old = t->slots;
    Py_ssize_t old_capacity = old == NULL ? 0 : t->mask + 1;
    Slot *slots = PyMem_Calloc((size_t)capacity, sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    t->slots = slots;
    t->mask = capacity - 1;
    for (Py_ssize_t j = 0; j < old_capacity; j++) {
        if (old[j].key != NULL) {
            Py_ssize_t i = ptr_hash(old[j].key, t->mask);
            while (slots[i].key != NULL) {
                i = (i + 1) & t->mask;
            }
            slots[i] = old[j];
        }
    }
    PyMem_Free(old);
    return 0;
}

/* Insert or replace; takes new references to key and value. */
static Slot *
table_put(PtrTable *t, PyObject *key, PyObject *value)
{
    Slot *s = table_find(t, key);
    if (s != NULL) {
        PyObject *old = s->value;
        Py_XINCREF(value);
        s->value = value;
        Py_XDECREF(old);
        return s;
    }
    if (t->slots == NULL || 2 * (t->used + 1) > t->mask + 1) {
        if (table_resize(t, t->slots == NULL ? 16 : 2 * (t->mask + 1)) < 0) {
            return NULL;
        }
    }
    Py_ssize_t i = ptr_hash(key, t->mask);
    while (t->slots[i].key != NULL) {
        i = (i + 1) & t->mask;
    }
    s = &t->slots[i];
    Py_INCREF(key);
    Py_XINCREF(value);
    s->key = key;
    s->value = value;
    t->used++;
    return s;
}

static void
table_clear(PtrTable *t)
{
    Slot *slots = t->slots;
    Py_ssize_t capacity = slots == NULL ? 0 : t->mask + 1;
    t->slots = NULL;
    t->mask = 0;
    t->used = 0;
    for (Py_ssize_t i = 0; i < capacity; i++) {
        Py_XDECREF(slots[i].key);
        Py_XDECREF(slots[i].value);
    }
    PyMem_Free(slots);
}

static int
table_traverse(PtrTable *t, visitproc visit, void *arg)
{
    if (t->slots == NULL) {
        return 0;
    }
    for (Py_ssize_t i = 0; i <= t->mask; i++) {
        Py_VISIT(t->slots[i].key);
        Py_VISIT(t->slots[i].value);
    }
    return 0;
}

/* ================================================================================================
 * Reader
 * ============================================================================================== */

enum {
    MODE_FRAME_TOP = 1,       /* 3.8, 3.9: f_valuestack / f_stacktop pointers in the frame object */
    MODE_FRAME_DEPTH = 2,     /* 3.10: f_valuestack pointer and f_stackdepth int */
    MODE_IFRAME_INDEX = 3,    /* 3.11-3.13: _PyInterpreterFrame.stacktop, an index into localsplus */
    MODE_IFRAME_POINTER = 4,  /* 3.14: _PyInterpreterFrame.stackpointer */
};

typedef struct {
    PyObject_HEAD
    int mode;
    /* offsets in bytes; -1 where the family has no such field */
    Py_ssize_t frame_code;     /* PyFrameObject.f_code (3.8-3.10) */
    Py_ssize_t frame_bottom;   /* PyFrameObject.f_valuestack (3.8-3.10) */
    Py_ssize_t frame_top;      /* PyFrameObject.f_stacktop (3.8, 3.9) */
    Py_ssize_t frame_depth;    /* PyFrameObject.f_stackdepth (3.10) */
    Py_ssize_t iframe;         /* PyFrameObject.f_frame (3.11+) */
    Py_ssize_t iframe_code;    /* _PyInterpreterFrame.f_code / f_executable */
    Py_ssize_t code_mask;      /* low bits to clear in that word (3.14: a tagged _PyStackRef) */
    Py_ssize_t iframe_frame;   /* _PyInterpreterFrame.frame_obj */
    Py_ssize_t iframe_owner;   /* _PyInterpreterFrame.owner (char) */
    Py_ssize_t owner_limit;    /* owners >= this: the frame object owns a finished frame */
    Py_ssize_t iframe_stack;   /* _PyInterpreterFrame.stacktop (int) / stackpointer */
    Py_ssize_t localsplus;     /* _PyInterpreterFrame.localsplus */
    int static_depth;          /* 3.12, 3.13: stacktop == -1 at opcode events */
    int tagged;                /* 3.14: _PyStackRef slots */
    PyObject *null;            /* sidefx._stack.NULL */
    PyObject *error;           /* sidefx._stack.StackReadError */
    PyObject *prefix;          /* "cannot read the value stack on <version>: " */
    PyObject *static_table;    /* code -> bytes (int32 depth per code unit, -1 none) or None */
    PtrTable statics;          /* code -> what static_table returned */
    PyObject *last_code;       /* the code of the last static_depth lookup, and its entry (both */
    PyObject *last_static;     /* borrowed: statics holds them until reader_clear_cache) */
} ReaderObject;

static int
stack_error(ReaderObject *r, const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    PyObject *reason = PyUnicode_FromFormatV(format, vargs);
    va_end(vargs);
    if (reason == NULL) {
        return -1;
    }
    PyObject *message = PyUnicode_Concat(r->prefix, reason);
    Py_DECREF(reason);
    if (message != NULL) {
        PyErr_SetObject(r->error, message);
        Py_DECREF(message);
    }
    return -1;
}

#define WORD_AT(base, offset) (*(intptr_t *)((char *)(base) + (offset)))
#define INT_AT(base, offset) (*(int *)((char *)(base) + (offset)))
#define BYTE_AT(base, offset) (*(unsigned char *)((char *)(base) + (offset)))

static int
static_depth(ReaderObject *r, PyFrameObject *frame, PyCodeObject *code, Py_ssize_t *depth)
{
    PyObject *table = r->last_code == (PyObject *)code ? r->last_static : NULL;
    if (table == NULL) {
        Slot *s = table_find(&r->statics, (PyObject *)code);
        if (s == NULL) {
            PyObject *made = PyObject_CallFunctionObjArgs(r->static_table, (PyObject *)code, NULL);
            if (made == NULL) {
                return -1;
            }
            if (made != Py_None && !PyBytes_CheckExact(made)) {
                Py_DECREF(made);
                PyErr_SetString(PyExc_TypeError, "static_table must return bytes or None");
                return -1;
            }
            s = table_put(&r->statics, (PyObject *)code, made);
            Py_DECREF(made);
            if (s == NULL) {
                return -1;
            }
        }
        table = s->value;
        r->last_code = (PyObject *)code;
        r->last_static = table;
    }
    if (table == Py_None) {
        return stack_error(r, "the static stack depth of %U is ambiguous", code->co_name);
    }
    int lasti = frame_lasti(frame);
    Py_ssize_t index = lasti >> 1;
    if (lasti < 0 || (Py_ssize_t)((size_t)(index + 1) * sizeof(int32_t)) > PyBytes_GET_SIZE(table)) {
        return stack_error(r, "no static stack depth for offset %d of %U", lasti, code->co_name);
    }
    int32_t value;
    memcpy(&value, PyBytes_AS_STRING(table) + index * sizeof(int32_t), sizeof(value));
    if (value < 0) {
        return stack_error(r, "no static stack depth for offset %d of %U", lasti, code->co_name);
    }
    *depth = value;
    return 0;
}

/* 3.11+: the frame's interpreter frame and the bottom of its value stack, after the family's
 * checks; both stay the same while the frame runs. */
static int
locate_iframe(ReaderObject *r, PyFrameObject *frame, PyCodeObject *code, intptr_t *iframe_out, intptr_t *bottom_out)
{
    intptr_t iframe = WORD_AT(frame, r->iframe);
    if (iframe == 0 || (iframe & 7)) {
        return stack_error(r, "the frame object has no interpreter frame");
    }
    if ((WORD_AT(iframe, r->iframe_code) & ~(intptr_t)r->code_mask) != (intptr_t)code
            || WORD_AT(iframe, r->iframe_frame) != (intptr_t)frame) {
        return stack_error(r, "the interpreter frame does not belong to this frame object");
    }
    if (BYTE_AT(iframe, r->iframe_owner) >= r->owner_limit) {
        return stack_error(r, "the frame has finished executing");
    }
    *iframe_out = iframe;
    *bottom_out = iframe + r->localsplus + 8 * code_nlocalsplus(code);
    return 0;
}

/* 3.11+: the top of the value stack of a frame located by locate_iframe, and its depth. */
static inline int
locate_iframe_top(ReaderObject *r, PyFrameObject *frame, PyCodeObject *code, intptr_t iframe, intptr_t bottom,
                  intptr_t *top_out, Py_ssize_t *depth_out)
{
    Py_ssize_t stacksize = code->co_stacksize, depth = 0;
    intptr_t top = 0;
    if (r->mode == MODE_IFRAME_INDEX) {
        Py_ssize_t nlocalsplus = code_nlocalsplus(code);
        int stacktop = INT_AT(iframe, r->iframe_stack);
        if (stacktop == -1 && r->static_depth) {
            if (static_depth(r, frame, code, &depth) < 0) {
                return -1;
            }
            if (depth > stacksize) {
                return stack_error(r, "stack depth %zd is outside [0, co_stacksize=%zd]", depth, stacksize);
            }
        }
        else if (stacktop < 0 && !r->static_depth) {
            return stack_error(r, "the frame has no saved stack pointer (not at a trace event of this frame)");
        }
        else {
            depth = (Py_ssize_t)stacktop - nlocalsplus;
            if (depth < 0 || depth > stacksize) {
                return stack_error(r, r->static_depth ? "stack depth %zd is outside [0, co_stacksize=%zd]"
                                   : "saved stack depth %zd is outside [0, co_stacksize=%zd]", depth, stacksize);
            }
        }
        top = bottom + 8 * depth;
    }
    else {
        top = WORD_AT(iframe, r->iframe_stack);
        intptr_t size = top - bottom;
        depth = (Py_ssize_t)(size >> 3);
        if (size < 0 || (size & 7) || depth > stacksize) {
            return stack_error(r, "saved stack depth %zd/8 is outside [0, co_stacksize=%zd]",
                               (Py_ssize_t)size, stacksize);
        }
    }
    *top_out = top;
    *depth_out = depth;
    return 0;
}

/* The address just above the top of stack and the depth, after the family's checks.  code: the
 * frame's code (frame_code) if the caller has it, else NULL. */
static int
locate(ReaderObject *r, PyObject *frame_obj, PyCodeObject *code, intptr_t *top_out, Py_ssize_t *depth_out)
{
    if (!PyFrame_Check(frame_obj)) {
        PyErr_Format(PyExc_TypeError, "expected a frame object, got %.100s", Py_TYPE(frame_obj)->tp_name);
        return -1;
    }
    PyFrameObject *frame = (PyFrameObject *)frame_obj;
    if (code == NULL) {
        code = frame_code(frame);
    }
    if (r->mode == MODE_IFRAME_INDEX || r->mode == MODE_IFRAME_POINTER) {
        intptr_t iframe, bottom;
        return locate_iframe(r, frame, code, &iframe, &bottom) < 0 ? -1
               : locate_iframe_top(r, frame, code, iframe, bottom, top_out, depth_out);
    }
    Py_ssize_t stacksize = code->co_stacksize;
    intptr_t top = 0;
    Py_ssize_t depth = 0;
    if (WORD_AT(frame, r->frame_code) != (intptr_t)code) {
        return stack_error(r, "f_code of the frame object does not match frame.f_code");
    }
    intptr_t bottom = WORD_AT(frame, r->frame_bottom);
    if (r->mode == MODE_FRAME_TOP) {
        top = WORD_AT(frame, r->frame_top);
        if (top == 0 || bottom == 0) {
            return stack_error(r, "the frame has no saved stack pointer (not at a trace event of this frame)");
        }
        intptr_t size = top - bottom;
        depth = (Py_ssize_t)(size >> 3);
        if (size < 0 || (size & 7) || depth > stacksize || (bottom & 7)) {
            return stack_error(r, "saved stack depth %zd/8 is outside [0, co_stacksize=%zd]",
                               (Py_ssize_t)size, stacksize);
        }
    }
    else {
        int saved = INT_AT(frame, r->frame_depth);
        if (saved < 0) {
            return stack_error(r, "the frame has no saved stack depth (not at a trace event of this frame)");
        }
        depth = saved;
        if (depth > stacksize || bottom == 0 || (bottom & 7)) {
            return stack_error(r, "saved stack depth %zd is outside [0, co_stacksize=%zd]", depth, stacksize);
        }
        top = bottom + 8 * depth;
    }
    *top_out = top;
    *depth_out = depth;
    return 0;
}

/* slot_value() of a word that is not a plain object pointer: a NULL, a tagged small int, or an error.
 * One stack word as a new reference (NULL with an exception set on a word that does not check). */
static PyObject *
slot_value_other(ReaderObject *r, intptr_t word, Py_ssize_t slot)
{
    if (!r->tagged) {
        if (word == 0) {
            Py_INCREF(r->null);
            return r->null;
        }
        if (word & 7) {
            stack_error(r, "slot %zd holds 0x%zx, not an object pointer", slot, (size_t)word);
            return NULL;
        }
        Py_INCREF((PyObject *)word);
        return (PyObject *)word;
    }
    switch (word & 3) {
    case 0:
        if (word == 0) {
            stack_error(r, "slot %zd holds a zero _PyStackRef", slot);
            return NULL;
        }
        if (word & 7) {
            stack_error(r, "slot %zd holds 0x%zx, not an object pointer", slot, (size_t)word);
            return NULL;
        }
        Py_INCREF((PyObject *)word);
        return (PyObject *)word;
    case 1:
        if (word == 1) {
            Py_INCREF(r->null);
            return r->null;
        }
        if ((word - 1) & 7) {
            stack_error(r, "slot %zd holds 0x%zx, not an object pointer", slot, (size_t)word);
            return NULL;
        }
        Py_INCREF((PyObject *)(word - 1));
        return (PyObject *)(word - 1);
    case 3:
        return PyLong_FromSsize_t((Py_ssize_t)(word >> 2));  /* a tagged small int */
    default:
        stack_error(r, "slot %zd holds 0x%zx, an invalid _PyStackRef tag", slot, (size_t)word);
        return NULL;
    }
}

/* One stack word as a new reference (NULL with an exception set on a word that does not check):
 * an object pointer, untagged or (3.14) tagged as a borrowed _PyStackRef, read here at once. */
static inline PyObject *
slot_value(ReaderObject *r, intptr_t word, Py_ssize_t slot)
{
    intptr_t pointer = r->tagged && (word & 3) == 1 ? word - 1 : word;
    if (pointer != 0 && (pointer & 7) == 0 && (!r->tagged || (word & 3) != 3)) {
        Py_INCREF((PyObject *)pointer);
        return (PyObject *)pointer;
    }
    return slot_value_other(r, word, slot);
}

static PyObject *
reader_peek_n(ReaderObject *r, PyObject *frame, PyObject *n_obj)
{
    intptr_t top = 0;
    Py_ssize_t depth = 0;
    if (locate(r, frame, NULL, &top, &depth) < 0) {
        return NULL;
    }
    Py_ssize_t n = -1;
    if (PyLong_CheckExact(n_obj)) {
        n = PyLong_AsSsize_t(n_obj);
        if (n == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            n = -1;
        }
    }
    if (n < 0 || n > depth) {
        stack_error(r, "peek(%R) with stack depth %zd", n_obj, depth);
        return NULL;
    }
    PyObject *result = PyList_New(n);
    if (result == NULL) {
        return NULL;
    }
    const intptr_t *words = (const intptr_t *)top - n;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *value = slot_value(r, words[i], i - n);
        if (value == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyList_SET_ITEM(result, i, value);
    }
    return result;
}

static PyObject *
reader_peek(ReaderObject *r, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "peek(frame, n) takes exactly 2 arguments");
        return NULL;
    }
    return reader_peek_n(r, args[0], args[1]);
}

static PyObject *
reader_depth(ReaderObject *r, PyObject *frame)
{
    intptr_t top = 0;
    Py_ssize_t depth = 0;
    if (locate(r, frame, NULL, &top, &depth) < 0) {
        return NULL;
    }
    return PyLong_FromSsize_t(depth);
}

static PyObject *
reader_clear_cache(ReaderObject *r, PyObject *Py_UNUSED(ignored))
{
    r->last_code = r->last_static = NULL;
    table_clear(&r->statics);
    Py_RETURN_NONE;
}

static int
layout_int(PyObject *layout, const char *name, Py_ssize_t *out, int required)
{
    PyObject *value = PyDict_GetItemString(layout, name);  /* borrowed */
    if (value == NULL) {
        if (required) {
            PyErr_Format(PyExc_ValueError, "layout lacks %s", name);
            return -1;
        }
        *out = -1;
        return 0;
    }
    *out = PyLong_AsSsize_t(value);
    if (*out == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (*out < -1 || *out > 4096) {
        PyErr_Format(PyExc_ValueError, "layout field %s=%zd is out of range", name, *out);
        return -1;
    }
    return 0;
}

static PyObject *
reader_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"layout", "null", "error", "prefix", "static_table", NULL};
    PyObject *layout, *null, *error, *prefix, *static_table;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OOUO:Reader", kwlist, &PyDict_Type, &layout,
                                     &null, &error, &prefix, &static_table)) {
        return NULL;
    }
    Py_ssize_t mode, tagged, static_mode;
    ReaderObject *r = (ReaderObject *)type->tp_alloc(type, 0);
    if (r == NULL) {
        return NULL;
    }
    if (layout_int(layout, "mode", &mode, 1) < 0
            || layout_int(layout, "frame_code", &r->frame_code, 0) < 0
            || layout_int(layout, "frame_bottom", &r->frame_bottom, 0) < 0
            || layout_int(layout, "frame_top", &r->frame_top, 0) < 0
            || layout_int(layout, "frame_depth", &r->frame_depth, 0) < 0
            || layout_int(layout, "iframe", &r->iframe, 0) < 0
            || layout_int(layout, "iframe_code", &r->iframe_code, 0) < 0
            || layout_int(layout, "code_mask", &r->code_mask, 0) < 0
            || layout_int(layout, "iframe_frame", &r->iframe_frame, 0) < 0
            || layout_int(layout, "iframe_owner", &r->iframe_owner, 0) < 0
            || layout_int(layout, "owner_limit", &r->owner_limit, 0) < 0
            || layout_int(layout, "iframe_stack", &r->iframe_stack, 0) < 0
            || layout_int(layout, "localsplus", &r->localsplus, 0) < 0
            || layout_int(layout, "static_depth", &static_mode, 0) < 0
            || layout_int(layout, "tagged", &tagged, 0) < 0) {
        Py_DECREF(r);
        return NULL;
    }
    r->mode = (int)mode;
    r->static_depth = static_mode == 1;
    r->tagged = tagged == 1;
    if (r->code_mask < 0) {
        r->code_mask = 0;
    }
    int ok;
    switch (r->mode) {
    case MODE_FRAME_TOP:
        ok = r->frame_code >= 0 && r->frame_bottom >= 0 && r->frame_top >= 0;
        break;
    case MODE_FRAME_DEPTH:
        ok = r->frame_code >= 0 && r->frame_bottom >= 0 && r->frame_depth >= 0;
        break;
    case MODE_IFRAME_INDEX:
    case MODE_IFRAME_POINTER:
        ok = PY_VERSION_HEX >= 0x030B0000 && r->iframe >= 0 && r->iframe_code >= 0
             && r->iframe_frame >= 0 && r->iframe_owner >= 0 && r->owner_limit > 0
             && r->iframe_stack >= 0 && r->localsplus >= 0;
        break;
    default:
        ok = 0;
    }
    if (!ok || (r->static_depth && r->mode != MODE_IFRAME_INDEX)) {
        Py_DECREF(r);
        PyErr_SetString(PyExc_ValueError, "inconsistent stack layout for this interpreter");
        return NULL;
    }
    Py_INCREF(null);
    r->null = null;
    Py_INCREF(error);
    r->error = error;
    Py_INCREF(prefix);
    r->prefix = prefix;
    Py_INCREF(static_table);
    r->static_table = static_table;
    return (PyObject *)r;
}

static int
reader_traverse(ReaderObject *r, visitproc visit, void *arg)
{
    Py_VISIT(r->null);
    Py_VISIT(r->error);
    Py_VISIT(r->prefix);
    Py_VISIT(r->static_table);
    return table_traverse(&r->statics, visit, arg);
}

static int
reader_clear(ReaderObject *r)
{
    Py_CLEAR(r->null);
    Py_CLEAR(r->error);
    Py_CLEAR(r->prefix);
    Py_CLEAR(r->static_table);
    r->last_code = r->last_static = NULL;
    table_clear(&r->statics);
    return 0;
}

static void
reader_dealloc(ReaderObject *r)
{
    PyObject_GC_UnTrack(r);
    reader_clear(r);
    Py_TYPE(r)->tp_free((PyObject *)r);
}

static PyMethodDef reader_methods[] = {
    {"peek", (PyCFunction)(void (*)(void))reader_peek, METH_FASTCALL,
     "peek(frame, n): the top n stack items of frame, bottom -> top (NULL for NULL slots)."},
    {"depth", (PyCFunction)reader_depth, METH_O, "depth(frame): the number of items on the stack."},
    {"clear_cache", (PyCFunction)reader_clear_cache, METH_NOARGS, "Forget the static depth tables."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Reader_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sidefx._speedups.Reader",
    .tp_basicsize = sizeof(ReaderObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Value-stack reader over the layout of a sidefx._stack family (C_LAYOUT).",
    .tp_new = reader_new,
    .tp_dealloc = (destructor)reader_dealloc,
    .tp_traverse = (traverseproc)reader_traverse,
    .tp_clear = (inquiry)reader_clear,
    .tp_methods = reader_methods,
};

/* ================================================================================================
 * FastLane: the calls of simple rows (sidefx._generator.codegen.emit_fast_plan), start to record
 * ============================================================================================== */

/* The generated tables give each simple row a plan; Engine.fast_plans hands over, per code object,
 * a tuple with one entry per code unit: None, or
 *   (fn, stack inputs, arguments, result kind, exhausts, callee, keyword names, hide comprehension,
 *    fallthrough or -1, offset, line, opname, oparg, code)
 * (see sidefx._generator.codegen._fast_plan_expression), with int32 arrays per code unit for the
 * displays under construction (_FrameState.building): where the one opened there ends (-1: none)
 * and whether one is completed there; for results read past their landing (CODE_LANDINGS,
 * CODE_LANDING_LOCALS) or learnt from the way a branch went (CODE_BRANCH_READS); and
 * for each plan's numbers, read here without conversions (CODE_PLAN_AT / CODE_PLAN_WORDS, PW_*).
 * A call is started at its instruction's event (callee and arguments read) and kept in a
 * StartedCall in the frame state's fast_call slot; the frame's next event completes it with the
 * result: its references move to the CallLog (or a FunctionCall is built by filling its slots, for
 * any other calls list).  Whenever Python has anything of its own to do there
 * (displays under construction or possibly among the arguments, pattern matching, a loop that
 * ended, a stack that does not read) the event goes to Engine.instruction, which turns the
 * started call into an ordinary Pending first (Engine._adopt) and does the rest as always. */

enum { FAST_DONE = 0, FAST_CONTINUE = 1, FAST_WAITING = 2 };
enum { PLAN_FN, PLAN_INPUTS, PLAN_ARGS, PLAN_RESULT, PLAN_EXHAUSTS, PLAN_CALLEE, PLAN_KEYWORDS,
       PLAN_HIDE, PLAN_OUTPUTS, PLAN_ROUTINE, PLAN_FALLTHROUGH, PLAN_OFFSET, PLAN_LINE, PLAN_OPNAME, PLAN_OPARG,
       PLAN_CODE, PLAN_SIZE };
/* sidefx._generator.codegen.FAST_ROUTINE_* */
enum { ROUTINE_CALL = 0, ROUTINE_GROW = 1 };
/* sidefx._generator.codegen.FAST_RESULT_* */
enum { RESULT_TOP, RESULT_NONE, RESULT_NOT, RESULT_LOADED_NULL_FIRST, RESULT_LOADED_NULL_SECOND, RESULT_REVERSED };
/* sidefx._generator.codegen.FAST_CALLEE_* and FAST_KW_NAMES_STATE */
enum { CALLEE_INPUT = 0, CALLEE_NULL_FIRST = 1, CALLEE_NULL_SECOND = 2 };
#define KW_NAMES_STATE (-1)
enum { REC_FN, REC_ARGS, REC_KWARGS, REC_RES, REC_RAISED, REC_CODE, REC_OFFSET, REC_LINE, REC_OPNAME,
       REC_SIZE };
static const char *const record_fields[REC_SIZE] = {
    "fn", "args", "_kwargs", "res", "raised", "code", "offset", "line", "opname"};  /* _kwargs: None = {} */

/* StartedCall: a call the lane started and has not completed, in its frame state's fast_call slot
 * (None while there is none).  Its callee and arguments are the references it holds, side by side;
 * completing the call moves them to the log as they are.  Objects emptied so wait in
 * FastLane.spare_calls for the next call started, so a call costs no allocation of its own. */
typedef struct StartedObject {
    PyObject_VAR_HEAD                 /* (ob_size: room for items) */
    PyObject *plan;                   /* the plan of the call's instruction */
    const struct CodeUnit *unit;      /* its unit in the lane's table of the code */
    PyObject *fn;                     /* the callee, or a descriptor to bind to self */
    PyObject *self;                   /* NULL: fn is the callee as is */
    PyObject *kwargs;                 /* NULL, or the keyword dict */
    Py_ssize_t n_args;                /* items[:n_args] are the arguments */
    Py_ssize_t slice_at;              /* -1, or items[slice_at:slice_at + 2] are a slice's start and stop */
    PyObject *items[1];
} StartedObject;

#define STARTED_ROOM 8      /* items a StartedCall has room for, at least */
#define FAST_SPARE_CALLS 64

static PyTypeObject Started_Type;

/* The call holds nothing (its references were moved out, or released, by the caller). */
static inline void
started_reset(StartedObject *call)
{
    call->plan = call->fn = call->self = call->kwargs = NULL;
    call->unit = NULL;
    call->n_args = 0;
    call->slice_at = -1;
}

static StartedObject *
started_new(Py_ssize_t room)
{
    StartedObject *call = PyObject_GC_NewVar(StartedObject, &Started_Type, room < STARTED_ROOM ? STARTED_ROOM : room);
    if (call == NULL) {
        return NULL;
    }
    started_reset(call);
    PyObject_GC_Track(call);
    return call;
}

/* Release what the call holds: it is empty again. */
static void
started_empty(StartedObject *call)
{
    PyObject *held[4] = {call->plan, call->fn, call->self, call->kwargs};
    Py_ssize_t n_args = call->n_args;
    started_reset(call);  /* (before any release: a release may run code) */
    for (int i = 0; i < 4; i++) {
        Py_XDECREF(held[i]);
    }
    for (Py_ssize_t i = 0; i < n_args; i++) {
        Py_CLEAR(call->items[i]);
    }
}

static int
started_traverse(StartedObject *call, visitproc visit, void *arg)
{
    Py_VISIT(call->plan);
    Py_VISIT(call->fn);
    Py_VISIT(call->self);
    Py_VISIT(call->kwargs);
    for (Py_ssize_t i = 0; i < call->n_args; i++) {
        Py_VISIT(call->items[i]);
    }
    return 0;
}

static int
started_clear(StartedObject *call)
{
    started_empty(call);
    return 0;
}

static void
started_dealloc(StartedObject *call)
{
    PyObject_GC_UnTrack(call);
    started_empty(call);
    PyObject_GC_Del(call);
}

/* Engine._adopt: (plan, fn, (self,) or (), argument list, keyword dict or None, slice_at or None);
 * the call is empty afterwards.  None if it is empty. */
static PyObject *
started_take(StartedObject *call, PyObject *Py_UNUSED(ignored))
{
    if (call->plan == NULL) {
        Py_RETURN_NONE;
    }
    PyObject *args = PyList_New(call->n_args);
    PyObject *bound_to = call->self != NULL ? PyTuple_Pack(1, call->self) : PyTuple_New(0);
    PyObject *slice_at = call->slice_at >= 0 ? PyLong_FromSsize_t(call->slice_at) : Py_NewRef(Py_None);
    PyObject *out = NULL;
    if (args != NULL && bound_to != NULL && slice_at != NULL) {
        for (Py_ssize_t i = 0; i < call->n_args; i++) {
            PyList_SET_ITEM(args, i, Py_NewRef(call->items[i]));
        }
        out = PyTuple_Pack(6, call->plan, call->fn, bound_to, args,
                           call->kwargs != NULL ? call->kwargs : Py_None, slice_at);
    }
    Py_XDECREF(args);
    Py_XDECREF(bound_to);
    Py_XDECREF(slice_at);
    if (out != NULL) {
        started_empty(call);
    }
    return out;
}

static PyMethodDef started_methods[] = {
    {"take", (PyCFunction)started_take, METH_NOARGS,
     "(plan, fn, (self,) or (), args, kwargs or None, slice_at or None) of the call, which is left empty."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Started_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sidefx._speedups.StartedCall",
    .tp_basicsize = sizeof(StartedObject) - sizeof(PyObject *),
    .tp_itemsize = sizeof(PyObject *),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A call the compiled lane started and has not completed (a frame state's fast_call).",
    .tp_dealloc = (destructor)started_dealloc,
    .tp_traverse = (traverseproc)started_traverse,
    .tp_clear = (inquiry)started_clear,
    .tp_methods = started_methods,
};

typedef struct {
    PyObject_HEAD
    ReaderObject *reader;
    PyObject *plans_for;        /* Engine.fast_plans */
    PyObject *calls;            /* Engine.calls */
    struct LogObject *log;      /* calls, when it is a CallLog (appended to here); else NULL */
    PyObject *append;           /* calls.append, unless calls is a CallLog */
    PyObject *internal_errors;  /* Recording.internal_errors */
    PyObject *bind;             /* sidefx._runtime.bind: the uncommon method forms */
    PyObject *build_list;       /* sidefx.model.build_list: list displays grow here */
    PyObject *move_to_end;      /* calls.move_to_end, unless calls is a CallLog */
    PtrTable hidden;            /* comprehension code objects: calls of them are not recorded */
    PyTypeObject *record_type;  /* FunctionCall (with __slots__) */
    PyTypeObject *state_type;   /* _FrameState */
    Py_ssize_t record[REC_SIZE];
    Py_ssize_t st_pending, st_call, st_kw_names, st_building, st_displays, st_match_values, st_match_subject;
    StartedObject *spare_calls[FAST_SPARE_CALLS];  /* empty StartedCalls (the lane's references) */
    int n_spare_calls;
    PtrTable plans;             /* code -> what plans_for returned */
    /* frame states made and dropped here (Engine.state_for / frame_exit when nothing else is due) */
    PyObject *states;           /* Engine.states */
    PyObject *info_for;         /* Engine.info_for */
    PyObject *template;         /* a _FrameState with no info: copied, with fresh empty dicts */
    PyObject *stores;           /* Engine.stores (a list: frame, landing, ...), or NULL (settrace) */
    Py_ssize_t st_info;
    Py_ssize_t state_slots[32];
    int n_state_slots;
    PtrTable infos;             /* code -> its _CodeInfo */
    Py_ssize_t started, completed, states_made, states_dropped;
} FastObject;

#define SLOT_OF(obj, offset) (*(PyObject **)((char *)(obj) + (offset)))

static Py_ssize_t
member_offset(PyTypeObject *type, const char *name)
{
    PyObject *descr = PyObject_GetAttrString((PyObject *)type, name);  /* the descriptor itself */
    if (descr == NULL || Py_TYPE(descr) != &PyMemberDescr_Type
            || ((PyMemberDescrObject *)descr)->d_member->type != Py_T_OBJECT_EX
            || ((PyMemberDescrObject *)descr)->d_common.d_type != type) {
        Py_XDECREF(descr);
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%.100s.%s must be a __slots__ member", type->tp_name, name);
        return -1;
    }
    Py_ssize_t offset = ((PyMemberDescrObject *)descr)->d_member->offset;
    Py_DECREF(descr);
    return offset;
}

/* ================================================================================================
 * CallLog: Recording.function_calls on the compiled path, a sequence of FunctionCall.  The fast
 * lane appends a call without making any object for it: callee, result and the plan of its
 * instruction (which names the code, offset, line and opcode) in an entry, its arguments and
 * keyword dict in one array shared by all entries, as references held by the log.  An entry
 * becomes a FunctionCall when it is first read, and stays that object, so reading it again gives
 * the same record (mutations included).  Records made by the Python engine are
 * appended as they are.  A call costs the log 40 bytes plus 8 per argument instead of a
 * FunctionCall and an argument list (~250 bytes and two objects for the cyclic GC to count).
 * A callee or result that is a method bound by the lane (fast_bind) is kept as its function or
 * method descriptor and self, and bound when the record is made: making a bound method per
 * method call, kept alive by the recording, cost more than the rest of the call's recording
 * (allocation, and collections of the cyclic GC its count sets off).
 * ============================================================================================== */

/* LogEntry.flags: which words follow an entry's arguments */
#define ENTRY_KWARGS 1    /* the keyword dict */
#define ENTRY_FN_SELF 2   /* fn is a descriptor: the self it is bound to */
#define ENTRY_RES_SELF 4  /* res is a descriptor: the self it is bound to */
#define ENTRY_SLICE 8     /* the argument words at ENTRY_SLICE_AT are the start and stop of one slice */
#define ENTRY_SLICE_SHIFT 8
#define ENTRY_SLICE_AT(flags) ((Py_ssize_t)((flags) >> ENTRY_SLICE_SHIFT))

typedef struct {
    PyObject *fn;          /* the callee; or, once there is a FunctionCall (plan NULL), that record */
    PyObject *res;         /* (NULL once there is a record) */
    PyObject *plan;        /* the plan of the call's instruction: offset, line, opname, code */
    uint32_t n_args;       /* CallLog.words from first_word: the arguments' (ENTRY_SLICE: one more), then those flags name */
    uint32_t flags;        /* ENTRY_* */
    Py_ssize_t first_word;
} LogEntry;

#define ENTRY_RECORD(entry) ((entry)->plan == NULL ? (entry)->fn : NULL)

typedef struct LogObject {
    PyObject_HEAD
    LogEntry *entries;
    Py_ssize_t size, capacity;
    PyObject **words;
    Py_ssize_t n_words, words_capacity;
    /* the records appended as they are (the Python engine's, out of the cyclic GC's view until
     * track_records gives them back): references of their own, so that track_records need not
     * look through every entry */
    PyObject **appended;
    Py_ssize_t n_appended, appended_capacity;
    PyTypeObject *record_type;
    Py_ssize_t record[REC_SIZE];
} LogObject;

static PyTypeObject Log_Type;

/* A log's arrays grow to tens of megabytes; first touching their pages costs more than filling
 * them (one page fault per 4 KiB).  On Linux, arrays from LARGE_BUFFER bytes up are mappings of
 * whole, aligned huge pages that ask for transparent huge pages (the kernel only backs aligned
 * 2 MiB ranges so) and grow by moving their pages (mremap), never by copying.  Whether an array
 * is such a mapping follows from its size alone, so no flag is stored: a mapping spans its
 * capacity's bytes rounded up to HUGE_PAGE. */
#define HUGE_PAGE ((size_t)1 << 21)
#define LARGE_BUFFER ((size_t)1 << 19)  /* (a larger log's calls keep more than 2 MiB alive anyway) */
/* tracemalloc sees the mappings in this domain of its own (as numpy's buffers are in numpy's):
 * memory measurements of a recording count the log whichever way it was allocated */
#define TRACEMALLOC_DOMAIN 0x5EF0

#define MAPPED_SPAN(bytes) (((bytes) + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1))

/* A freed log's mappings are kept for the process's next log (as allocators keep freed memory):
 * the kernel zeroing tens of megabytes of fresh pages took a tenth of a loop's recording time.
 * Kept pages are given back lazily (MADV_FREE: the kernel takes them when it needs memory, and a
 * page it took is a fresh one when touched again).  At most SPARE_MAPPINGS of them, each of at
 * most SPARE_SPAN bytes; SIDEFX_KEEP_LOG_MEMORY=0 (read in sidefx/_fast.py) keeps none.  Only
 * the log's own arrays: no object's memory is reused across recordings. */
#define SPARE_MAPPINGS 2
#define SPARE_SPAN ((size_t)256 << 20)
static struct { void *start; size_t span; } spare_mappings[SPARE_MAPPINGS];  /* (under the GIL) */
static int keep_log_memory = 1;
static unsigned long long spare_mappings_reused;

#ifdef MREMAP_MAYMOVE
/* A fresh mapping of span bytes (a multiple of HUGE_PAGE) starting on a HUGE_PAGE
 * boundary, advised to be backed by huge pages; NULL if there is no room. */
static void *
map_huge(size_t span)
{
    char *raw = mmap(NULL, span + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        return NULL;
    }
    char *start = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (start > raw) {
        munmap(raw, (size_t)(start - raw));
    }
    if (raw + span + HUGE_PAGE > start + span) {
        munmap(start + span, (size_t)(raw + span + HUGE_PAGE - (start + span)));
    }
#ifdef MADV_HUGEPAGE
    (void)madvise(start, span, MADV_HUGEPAGE);  /* advice: refused is fine */
#endif
    return start;
}
#endif

/* The memory an array of this many bytes takes (a mapping: whole huge pages). */
static size_t
buffer_bytes(size_t bytes)
{
#ifdef MREMAP_MAYMOVE
    if (bytes >= LARGE_BUFFER) {
        return MAPPED_SPAN(bytes);
    }
#endif
    return bytes;
}

#ifdef MREMAP_MAYMOVE
/* Keep a freed mapping for a later log (replacing a smaller one kept), or unmap it. */
static void
spare_mapping_put(void *start, size_t span)
{
    int slot = -1;
    for (int i = 0; keep_log_memory && span <= SPARE_SPAN && i < SPARE_MAPPINGS; i++) {
        if (spare_mappings[i].start == NULL) {
            slot = i;
            break;
        }
        if (spare_mappings[i].span < span && (slot < 0 || spare_mappings[i].span < spare_mappings[slot].span)) {
            slot = i;
        }
    }
    if (slot < 0) {
        munmap(start, span);
        return;
    }
    if (spare_mappings[slot].start != NULL) {
        munmap(spare_mappings[slot].start, spare_mappings[slot].span);
    }
#ifdef MADV_FREE
    (void)madvise(start, span, MADV_FREE);
#endif
    spare_mappings[slot].start = start;
    spare_mappings[slot].span = span;
}

/* The largest mapping kept of at least span bytes (*got: its span), or NULL. */
static void *
spare_mapping_take(size_t span, size_t *got)
{
    int slot = -1;
    for (int i = 0; i < SPARE_MAPPINGS; i++) {
        if (spare_mappings[i].start != NULL && spare_mappings[i].span >= span
                && (slot < 0 || spare_mappings[i].span > spare_mappings[slot].span)) {
            slot = i;
        }
    }
    if (slot < 0) {
        return NULL;
    }
    void *start = spare_mappings[slot].start;
    *got = spare_mappings[slot].span;
    spare_mappings[slot].start = NULL;
    spare_mappings_reused++;
    return start;
}

/* Unmap the mappings kept (keep_log_memory turned off). */
static void
spare_mappings_release(void)
{
    for (int i = 0; i < SPARE_MAPPINGS; i++) {
        if (spare_mappings[i].start != NULL) {
            munmap(spare_mappings[i].start, spare_mappings[i].span);
            spare_mappings[i].start = NULL;
        }
    }
}
#endif

static void
buffer_free(void *buffer, size_t bytes)
{
#ifdef MREMAP_MAYMOVE
    if (bytes >= LARGE_BUFFER) {
        (void)PyTraceMalloc_Untrack(TRACEMALLOC_DOMAIN, (uintptr_t)buffer);
        spare_mapping_put(buffer, MAPPED_SPAN(bytes));
        return;
    }
#endif
    (void)bytes;
    PyMem_Free(buffer);
}

/* The buffer grown from old_bytes to *new_bytes, or more (*new_bytes: what it has; the caller
 * sized a mapping's capacity so that MAPPED_SPAN of its bytes is what is mapped); NULL if there is
 * no memory, the old buffer kept. */
static void *
buffer_resize(void *buffer, size_t old_bytes, size_t *new_bytes_io)
{
    size_t new_bytes = *new_bytes_io;
#ifdef MREMAP_MAYMOVE
    if (new_bytes >= LARGE_BUFFER) {
        size_t old_span = MAPPED_SPAN(old_bytes), new_span = MAPPED_SPAN(new_bytes);
        void *moved = NULL;
        if (old_bytes >= LARGE_BUFFER) {
            /* in place if the addresses after it are free, else its pages move to an aligned place */
            moved = mremap(buffer, old_span, new_span, 0);
            if (moved == MAP_FAILED) {
                void *target = map_huge(new_span);
                moved = target == NULL ? MAP_FAILED
                                       : mremap(buffer, old_span, new_span, MREMAP_MAYMOVE | MREMAP_FIXED, target);
                if (moved == MAP_FAILED && target != NULL) {
                    munmap(target, new_span);
                }
            }
            if (moved == MAP_FAILED) {
                return NULL;
            }
#ifdef MADV_HUGEPAGE
            (void)madvise(moved, new_span, MADV_HUGEPAGE);
#endif
            (void)PyTraceMalloc_Untrack(TRACEMALLOC_DOMAIN, (uintptr_t)buffer);
        }
        else {
            size_t kept_span = 0;
            moved = spare_mapping_take(new_span, &kept_span);
            if (moved != NULL) {
                new_span = *new_bytes_io = kept_span;  /* (all of it: a later growth moves it whole) */
            }
            else if ((moved = map_huge(new_span)) == NULL) {
                return NULL;
            }
            if (old_bytes > 0) {
                memcpy(moved, buffer, old_bytes);
                PyMem_Free(buffer);
            }
        }
        (void)PyTraceMalloc_Track(TRACEMALLOC_DOMAIN, (uintptr_t)moved, new_span);  /* (-2: not tracing) */
        return moved;
    }
#endif
    return PyMem_Realloc(buffer, new_bytes);
}

static int
log_grow_to(void **buffer, Py_ssize_t *capacity, Py_ssize_t needed, size_t item)
{
    Py_ssize_t grown = *capacity ? *capacity : 256;
    while (grown < needed) {
        if (grown > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)item) {
            PyErr_NoMemory();
            return -1;
        }
        grown *= 2;
    }
#ifdef MREMAP_MAYMOVE
    if ((size_t)grown * item >= LARGE_BUFFER) {
        grown = (Py_ssize_t)(MAPPED_SPAN((size_t)grown * item) / item);  /* the whole mapping */
    }
#endif
    size_t bytes = (size_t)grown * item;
    void *moved = buffer_resize(*buffer, (size_t)*capacity * item, &bytes);
    if (moved == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *buffer = moved;
    *capacity = (Py_ssize_t)(bytes / item);
    return 0;
}

static inline int
log_grow(void **buffer, Py_ssize_t *capacity, Py_ssize_t needed, size_t item)
{
    return needed <= *capacity ? 0 : log_grow_to(buffer, capacity, needed, item);
}

/* The method a function or method descriptor that self's class defines makes of self (as the
 * descriptor's __get__; new reference, or NULL with an error). */
static PyObject *
bound_method(PyObject *descr, PyObject *self)
{
    descrgetfunc get = Py_TYPE(descr)->tp_descr_get;
    if (get == NULL) {
        PyErr_Format(PyExc_TypeError, "%.100s is no descriptor", Py_TYPE(descr)->tp_name);
        return NULL;
    }
    return get(descr, self, (PyObject *)Py_TYPE(self));
}

/* Append the started call, completed with res (and res_self: not NULL, res is a descriptor to bind
 * to it), taking over the references call holds and those given: the call is left empty.  0, or -1
 * with an error and nothing taken but res and res_self (released). */
static inline int
log_take_started(LogObject *log, StartedObject *call, PyObject *res, PyObject *res_self)
{
    Py_ssize_t n_args = call->n_args, slice_at = call->slice_at;
    PyObject *kwargs = call->kwargs, *fn_self = call->self;
    Py_ssize_t n_words = n_args + (kwargs != NULL) + (fn_self != NULL) + (res_self != NULL);
    if (n_args > (Py_ssize_t)UINT32_MAX
            || (slice_at >= 0 && (slice_at + 1 >= n_args || slice_at >= (1 << (32 - ENTRY_SLICE_SHIFT))))
            || log_grow((void **)&log->entries, &log->capacity, log->size + 1, sizeof(LogEntry)) < 0
            || log_grow((void **)&log->words, &log->words_capacity, log->n_words + n_words, sizeof(PyObject *)) < 0) {
        Py_DECREF(res);
        Py_XDECREF(res_self);
        return -1;
    }
    LogEntry *entry = &log->entries[log->size++];
    entry->fn = call->fn;
    entry->res = res;
    entry->plan = call->plan;
    entry->n_args = (uint32_t)n_args;
    entry->flags = (kwargs != NULL ? ENTRY_KWARGS : 0) | (fn_self != NULL ? ENTRY_FN_SELF : 0)
                   | (res_self != NULL ? ENTRY_RES_SELF : 0)
                   | (slice_at >= 0 ? ENTRY_SLICE | (uint32_t)slice_at << ENTRY_SLICE_SHIFT : 0);
    entry->first_word = log->n_words;
    PyObject **words = log->words + log->n_words;
    for (Py_ssize_t i = 0; i < n_args; i++) {
        words[i] = call->items[i];
    }
    Py_ssize_t at = n_args;
    if (kwargs != NULL) {
        words[at++] = kwargs;
    }
    if (fn_self != NULL) {
        words[at++] = fn_self;
    }
    if (res_self != NULL) {
        words[at++] = res_self;
    }
    log->n_words += n_words;
    started_reset(call);  /* (its references are the log's now) */
    return 0;
}

static int
log_append_record(LogObject *log, PyObject *record)
{
    if (log_grow((void **)&log->entries, &log->capacity, log->size + 1, sizeof(LogEntry)) < 0) {
        return -1;
    }
    if (log_grow((void **)&log->appended, &log->appended_capacity, log->n_appended + 1, sizeof(PyObject *)) < 0) {
        return -1;
    }
    LogEntry *entry = &log->entries[log->size++];
    memset(entry, 0, sizeof(LogEntry));
    entry->fn = Py_NewRef(record);
    log->appended[log->n_appended++] = Py_NewRef(record);
    return 0;
}

/* The record of entry index, made now if need be; borrowed, or NULL with an error.  A record made
 * with tracked == 0 (and its argument list) stays out of the cyclic GC's view: log_make_records
 * gives it over. */
static PyObject *
log_make_record(LogObject *log, Py_ssize_t index, int tracked)
{
    LogEntry *entry = &log->entries[index];
    if (entry->plan == NULL) {
        return entry->fn;
    }
    Py_ssize_t n_args = entry->n_args;
    uint32_t flags = entry->flags;
    PyObject **words = log->words + entry->first_word;
    Py_ssize_t at = n_args + ((flags & ENTRY_KWARGS) != 0);
    Py_ssize_t fn_self_at = (flags & ENTRY_FN_SELF) ? at++ : -1;
    Py_ssize_t res_self_at = (flags & ENTRY_RES_SELF) ? at++ : -1;
    Py_ssize_t slice_at = (flags & ENTRY_SLICE) ? ENTRY_SLICE_AT(flags) : -1;  /* (log_take_started checked it) */
    /* (made before anything leaves the log: the new methods and slice hold references of their own) */
    PyObject *fn = fn_self_at >= 0 ? bound_method(entry->fn, words[fn_self_at]) : Py_NewRef(entry->fn);
    PyObject *res = fn == NULL ? NULL : res_self_at >= 0 ? bound_method(entry->res, words[res_self_at])
                                                         : Py_NewRef(entry->res);
    PyObject *sliced = res == NULL || slice_at < 0 ? NULL : PySlice_New(words[slice_at], words[slice_at + 1], NULL);
    PyObject *args = res == NULL || (slice_at >= 0 && sliced == NULL) ? NULL : PyList_New(n_args - (slice_at >= 0));
    if (args == NULL) {
        Py_XDECREF(fn);
        Py_XDECREF(res);
        Py_XDECREF(sliced);
        return NULL;
    }
    /* The log's references move to the list, leaving the log at once: an allocation below may
     * run the cyclic GC, which must see each reference held once.  (A slice's start and stop stay
     * in the log until the record stands: the slice holds references of its own.) */
    for (Py_ssize_t i = 0, item = 0; i < n_args; i++) {
        if (i == slice_at + 1 && slice_at >= 0) {
            continue;
        }
        PyList_SET_ITEM(args, item++, i == slice_at ? sliced : words[i]);
        if (i != slice_at) {
            words[i] = NULL;
        }
    }
    PyObject *record = log->record_type->tp_alloc(log->record_type, 0);
    if (record == NULL) {
        for (Py_ssize_t i = 0, item = 0; i < n_args; i++) {
            if (i == slice_at + 1 && slice_at >= 0) {
                continue;
            }
            if (i != slice_at) {
                words[i] = Py_NewRef(PyList_GET_ITEM(args, item));  /* the list gives them back */
            }
            item++;
        }
        Py_DECREF(args);
        Py_DECREF(fn);
        Py_DECREF(res);
        return NULL;
    }
    if (!tracked) {
        PyObject_GC_UnTrack(args);
        if (PyObject_GC_IsTracked(record)) {
            PyObject_GC_UnTrack(record);
        }
        /* the methods bound here too (log_make_records tracks them again before anything can
         * release them: a method object must be tracked when it dies) */
        if (fn_self_at >= 0 && PyObject_GC_IsTracked(fn)) {
            PyObject_GC_UnTrack(fn);
        }
        if (res_self_at >= 0 && PyObject_GC_IsTracked(res)) {
            PyObject_GC_UnTrack(res);
        }
    }
    PyObject *plan = entry->plan;
    /* the entry's own references, released once the record stands (a release may run code) */
    PyObject *released[7] = {entry->fn, entry->res, plan, fn_self_at >= 0 ? words[fn_self_at] : NULL,
                             res_self_at >= 0 ? words[res_self_at] : NULL,
                             slice_at >= 0 ? words[slice_at] : NULL, slice_at >= 0 ? words[slice_at + 1] : NULL};
    if (slice_at >= 0) {
        words[slice_at] = words[slice_at + 1] = NULL;
    }
    SLOT_OF(record, log->record[REC_FN]) = fn;
    SLOT_OF(record, log->record[REC_ARGS]) = args;
    /* (nothing from here on allocates: the references move from the entry to the record at once) */
    SLOT_OF(record, log->record[REC_KWARGS]) = (flags & ENTRY_KWARGS) ? words[n_args] : Py_NewRef(Py_None);
    SLOT_OF(record, log->record[REC_RES]) = res;
    SLOT_OF(record, log->record[REC_RAISED]) = Py_NewRef(Py_None);
    SLOT_OF(record, log->record[REC_CODE]) = Py_NewRef(PyTuple_GET_ITEM(plan, PLAN_CODE));
    SLOT_OF(record, log->record[REC_OFFSET]) = Py_NewRef(PyTuple_GET_ITEM(plan, PLAN_OFFSET));
    SLOT_OF(record, log->record[REC_LINE]) = Py_NewRef(PyTuple_GET_ITEM(plan, PLAN_LINE));
    SLOT_OF(record, log->record[REC_OPNAME]) = Py_NewRef(PyTuple_GET_ITEM(plan, PLAN_OPNAME));
    if (flags & ENTRY_KWARGS) {
        words[n_args] = NULL;  /* (moved to the record) */
    }
    for (Py_ssize_t i = n_args + ((flags & ENTRY_KWARGS) != 0); i < at; i++) {
        words[i] = NULL;  /* (in released) */
    }
    entry->fn = record;
    entry->res = entry->plan = NULL;
    entry->n_args = entry->flags = 0;
    for (int i = 0; i < 7; i++) {
        Py_XDECREF(released[i]);
    }
    return record;
}

static PyObject *
log_record(LogObject *log, Py_ssize_t index)
{
    return log_make_record(log, index, 1);
}

/* The records of entries [start, stop) made at once, out of the collector's view until all are
 * made: reading a long recording in full would otherwise set off collection after collection,
 * each traversing every record made so far.  0, or -1 with an error. */
static int
log_make_records(LogObject *log, Py_ssize_t start, Py_ssize_t stop)
{
    Py_ssize_t made = start, end = stop < log->size ? stop : log->size;
    int failed = 0;
    for (; made < end && !failed; made++) {
        if (log->entries[made].plan != NULL) {
            failed = log_make_record(log, made, 0) == NULL;
        }
    }
    for (Py_ssize_t i = start; i < made; i++) {
        PyObject *record = ENTRY_RECORD(&log->entries[i]);
        if (record != NULL && Py_TYPE(record) == log->record_type && !PyObject_GC_IsTracked(record)) {
            PyObject *args = SLOT_OF(record, log->record[REC_ARGS]);
            if (args != NULL && PyObject_IS_GC(args) && !PyObject_GC_IsTracked(args)) {
                PyObject_GC_Track(args);
            }
            /* (a method object is never untracked but by log_make_record) */
            PyObject *methods[2] = {SLOT_OF(record, log->record[REC_FN]), SLOT_OF(record, log->record[REC_RES])};
            for (int j = 0; j < 2; j++) {
                if (methods[j] != NULL && (PyMethod_Check(methods[j]) || PyCFunction_Check(methods[j]))
                        && !PyObject_GC_IsTracked(methods[j])) {
                    PyObject_GC_Track(methods[j]);
                }
            }
            PyObject_GC_Track(record);
        }
    }
    return failed ? -1 : 0;
}

static Py_ssize_t
log_find(LogObject *log, PyObject *record)
{
    for (Py_ssize_t i = log->size - 1; i >= 0; i--) {
        if (ENTRY_RECORD(&log->entries[i]) == record) {
            return i;
        }
    }
    return -1;
}

/* Engine's protocol (as _CallList): retract(record) -> whether it was there; move_to_end(record). */
static PyObject *
log_retract(LogObject *log, PyObject *record)
{
    Py_ssize_t i = log_find(log, record);
    if (i < 0) {
        Py_RETURN_FALSE;
    }
    PyObject *gone = log->entries[i].fn;  /* (the record) */
    memmove(&log->entries[i], &log->entries[i + 1], (size_t)(log->size - i - 1) * sizeof(LogEntry));
    log->size--;
    Py_DECREF(gone);
    Py_RETURN_TRUE;
}

static void
log_move_to_end(LogObject *log, PyObject *record)
{
    Py_ssize_t i = log_find(log, record);
    if (i >= 0 && i != log->size - 1) {
        LogEntry moved = log->entries[i];
        memmove(&log->entries[i], &log->entries[i + 1], (size_t)(log->size - i - 1) * sizeof(LogEntry));
        log->entries[log->size - 1] = moved;
    }
}

static PyObject *
log_move_to_end_method(LogObject *log, PyObject *record)
{
    log_move_to_end(log, record);
    Py_RETURN_NONE;
}

static PyObject *
log_append_method(LogObject *log, PyObject *record)
{
    if (log_append_record(log, record) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
log_nothing(LogObject *log, PyObject *record)
{
    Py_RETURN_NONE;
}

static Py_ssize_t
log_length(LogObject *log)
{
    return log->size;
}

static PyObject *
log_item(LogObject *log, Py_ssize_t index)
{
    if (index < 0 || index >= log->size) {
        PyErr_SetString(PyExc_IndexError, "CallLog index out of range");
        return NULL;
    }
    return Py_XNewRef(log_record(log, index));
}

static PyObject *
log_subscript(LogObject *log, PyObject *key)
{
    if (PyIndex_Check(key)) {
        Py_ssize_t index = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (index == -1 && PyErr_Occurred()) {
            return NULL;
        }
        return log_item(log, index < 0 ? index + log->size : index);
    }
    if (PySlice_Check(key)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(key, &start, &stop, &step) < 0) {
            return NULL;
        }
        Py_ssize_t count = PySlice_AdjustIndices(log->size, &start, &stop, step);
        if (count > 0) {
            Py_ssize_t last = start + (count - 1) * step;
            if (log_make_records(log, step > 0 ? start : last, (step > 0 ? last : start) + 1) < 0) {
                return NULL;
            }
        }
        PyObject *items = PyList_New(count);
        for (Py_ssize_t i = 0; items != NULL && i < count; i++) {
            PyObject *record = log_record(log, start + i * step);
            if (record == NULL) {
                Py_CLEAR(items);
                break;
            }
            PyList_SET_ITEM(items, i, Py_NewRef(record));
        }
        return items;
    }
    PyErr_Format(PyExc_TypeError, "CallLog indices must be integers or slices, not %.200s", Py_TYPE(key)->tp_name);
    return NULL;
}

/* Equal to a list or CallLog of equal records, in order (as the list it stands for). */
static PyObject *
log_richcompare(LogObject *log, PyObject *other, int op)
{
    if ((op != Py_EQ && op != Py_NE) || !(PyList_Check(other) || Py_TYPE(other) == &Log_Type)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    int equal = PyObject_Size(other) == log->size;
    if (equal && log_make_records(log, 0, log->size) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; equal && i < log->size; i++) {
        PyObject *mine = log_item(log, i);
        PyObject *theirs = mine != NULL ? PySequence_GetItem(other, i) : NULL;
        equal = theirs != NULL ? PyObject_RichCompareBool(mine, theirs, Py_EQ) : -1;
        Py_XDECREF(mine);
        Py_XDECREF(theirs);
        if (equal == 1 && PyObject_Size(other) != log->size) {
            equal = 0;  /* a comparison changed a length */
        }
    }
    if (equal < 0) {
        return NULL;
    }
    return PyBool_FromLong(op == Py_EQ ? equal : !equal);
}

/* list.index / list.count semantics (equality; identity first, as PyObject_RichCompareBool) */
static PyObject *
log_index(LogObject *log, PyObject *args)
{
    PyObject *value;
    Py_ssize_t start = 0, stop = PY_SSIZE_T_MAX;
    if (!PyArg_ParseTuple(args, "O|nn:index", &value, &start, &stop)) {
        return NULL;
    }
    if (start < 0 && (start += log->size) < 0) {
        start = 0;
    }
    if (stop < 0 && (stop += log->size) < 0) {
        stop = 0;
    }
    if (start < stop && log_make_records(log, start, stop) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = start; i < stop && i < log->size; i++) {
        PyObject *record = log_record(log, i);
        int equal = record != NULL ? PyObject_RichCompareBool(record, value, Py_EQ) : -1;
        if (equal != 0) {
            return equal < 0 ? NULL : PyLong_FromSsize_t(i);
        }
    }
    PyErr_SetString(PyExc_ValueError, "CallLog.index(x): x not in the calls");
    return NULL;
}

static PyObject *
log_count(LogObject *log, PyObject *value)
{
    Py_ssize_t count = 0;
    if (log_make_records(log, 0, log->size) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < log->size; i++) {
        PyObject *record = log_record(log, i);
        int equal = record != NULL ? PyObject_RichCompareBool(record, value, Py_EQ) : -1;
        if (equal < 0) {
            return NULL;
        }
        count += equal;
    }
    return PyLong_FromSsize_t(count);
}

static PyObject *
log_list(LogObject *log)
{
    PyObject *slice = PySlice_New(NULL, NULL, NULL);
    PyObject *items = slice != NULL ? log_subscript(log, slice) : NULL;
    Py_XDECREF(slice);
    return items;
}

static PyObject *
log_repr(LogObject *log)
{
    PyObject *items = log_list(log);
    PyObject *text = items != NULL ? PyObject_Repr(items) : NULL;
    Py_XDECREF(items);
    return text;
}

static PyObject *
log_reduce(LogObject *log, PyObject *unused)
{
    PyObject *items = log_list(log);  /* pickles (and copies) as the list of its records */
    return items != NULL ? Py_BuildValue("(O(N))", (PyObject *)&PyList_Type, items) : NULL;
}

static PyObject *
log_sizeof(LogObject *log, PyObject *unused)
{
    size_t size = (size_t)Py_TYPE(log)->tp_basicsize + buffer_bytes((size_t)log->capacity * sizeof(LogEntry))
                  + buffer_bytes((size_t)log->words_capacity * sizeof(PyObject *))
                  + buffer_bytes((size_t)log->appended_capacity * sizeof(PyObject *));
    return PyLong_FromSize_t(size);
}

static PyObject *
log_iter(LogObject *log)
{
    if (log_make_records(log, 0, log->size) < 0) {  /* iterating reads them all: made at once */
        return NULL;
    }
    return PySeqIter_New((PyObject *)log);
}

static PyObject *
log_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"record_type", NULL};
    PyObject *record_type;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!:CallLog", kwlist, &PyType_Type, &record_type)) {
        return NULL;
    }
    PyTypeObject *records = (PyTypeObject *)record_type;
    if (records->tp_new != PyBaseObject_Type.tp_new || records->tp_alloc == NULL) {
        PyErr_SetString(PyExc_TypeError, "record_type must be created by object.__new__");
        return NULL;
    }
    LogObject *log = (LogObject *)type->tp_alloc(type, 0);
    if (log == NULL) {
        return NULL;
    }
    for (int i = 0; i < REC_SIZE; i++) {
        if ((log->record[i] = member_offset(records, record_fields[i])) < 0) {
            Py_DECREF(log);
            return NULL;
        }
    }
    log->record_type = (PyTypeObject *)Py_NewRef(record_type);
    return (PyObject *)log;
}

static int
log_traverse(LogObject *log, visitproc visit, void *arg)
{
    for (Py_ssize_t i = 0; i < log->size; i++) {
        LogEntry *entry = &log->entries[i];
        Py_VISIT(entry->fn);
        Py_VISIT(entry->res);
        Py_VISIT(entry->plan);
    }
    for (Py_ssize_t i = 0; i < log->n_words; i++) {
        Py_VISIT(log->words[i]);
    }
    for (Py_ssize_t i = 0; i < log->n_appended; i++) {
        Py_VISIT(log->appended[i]);
    }
    Py_VISIT(log->record_type);
    return 0;
}

static int
log_clear(LogObject *log)
{
    LogEntry *entries = log->entries;
    PyObject **words = log->words, **appended = log->appended;
    Py_ssize_t size = log->size, n_words = log->n_words, n_appended = log->n_appended;
    size_t entries_bytes = (size_t)log->capacity * sizeof(LogEntry);
    size_t words_bytes = (size_t)log->words_capacity * sizeof(PyObject *);
    size_t appended_bytes = (size_t)log->appended_capacity * sizeof(PyObject *);
    log->entries = NULL;
    log->words = log->appended = NULL;
    log->size = log->capacity = log->n_words = log->words_capacity = log->n_appended = log->appended_capacity = 0;
    for (Py_ssize_t i = 0; i < n_appended; i++) {
        Py_DECREF(appended[i]);
    }
    buffer_free(appended, appended_bytes);
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_XDECREF(entries[i].fn);
        Py_XDECREF(entries[i].res);
        Py_XDECREF(entries[i].plan);
    }
    for (Py_ssize_t i = 0; i < n_words; i++) {
        Py_XDECREF(words[i]);
    }
    buffer_free(entries, entries_bytes);
    buffer_free(words, words_bytes);
    Py_CLEAR(log->record_type);
    return 0;
}

static void
log_dealloc(LogObject *log)
{
    PyObject_GC_UnTrack(log);
    log_clear(log);
    Py_TYPE(log)->tp_free((PyObject *)log);
}

static PySequenceMethods log_as_sequence = {
    .sq_length = (lenfunc)log_length,
    .sq_item = (ssizeargfunc)log_item,
};

static PyMappingMethods log_as_mapping = {
    .mp_length = (lenfunc)log_length,
    .mp_subscript = (binaryfunc)log_subscript,
};

static PyMethodDef log_methods[] = {
    {"append", (PyCFunction)log_append_method, METH_O, "append(record): the recorder appends a record it made."},
    {"retract", (PyCFunction)log_retract, METH_O, "retract(record) -> whether the recorder's record was there (it is removed)."},
    {"move_to_end", (PyCFunction)log_move_to_end_method, METH_O, "move_to_end(record): the recorder's record goes last."},
    {"opened", (PyCFunction)log_nothing, METH_O, "(recorder protocol: a display record may still grow)"},
    {"closed", (PyCFunction)log_nothing, METH_O, "(recorder protocol: a display record is final)"},
    {"flush", (PyCFunction)log_nothing, METH_NOARGS, "(recorder protocol: the recording ended)"},
    {"index", (PyCFunction)log_index, METH_VARARGS, "index(value[, start[, stop]]): as list.index."},
    {"count", (PyCFunction)log_count, METH_O, "count(value): as list.count."},
    {"__reduce__", (PyCFunction)log_reduce, METH_NOARGS, "Pickles as the list of its records."},
    {"__sizeof__", (PyCFunction)log_sizeof, METH_NOARGS, "The log's own bytes: entries and argument array."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Log_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sidefx._speedups.CallLog",
    .tp_basicsize = sizeof(LogObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_SEQUENCE,
    .tp_doc = "The calls of a recording (a sequence of FunctionCall), made into records when first read.",
    .tp_new = log_new,
    .tp_dealloc = (destructor)log_dealloc,
    .tp_traverse = (traverseproc)log_traverse,
    .tp_clear = (inquiry)log_clear,
    .tp_repr = (reprfunc)log_repr,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_richcompare = (richcmpfunc)log_richcompare,
    .tp_iter = (getiterfunc)log_iter,
    .tp_as_sequence = &log_as_sequence,
    .tp_as_mapping = &log_as_mapping,
    .tp_methods = log_methods,
};

enum { CODE_PLANS, CODE_ENDS, CODE_COMPLETES, CODE_LANDINGS, CODE_LANDING_LOCALS, CODE_BRANCH_READS, CODE_PLAN_AT,
       CODE_PLAN_WORDS, CODE_SIZE };
/* A plan's numbers (sidefx._recorder._plan_words), then (kind, a, b) per argument */
enum { PW_INPUTS, PW_ROUTINE, PW_RESULT, PW_OUTPUTS, PW_FALLTHROUGH, PW_CALLEE_FORM, PW_CALLEE_FIRST, PW_CALLEE_SECOND,
       PW_KEYWORDS, PW_NARGS, PW_ARGS };
enum { ARGW_INPUT = 0, ARGW_CONSTANT = 1, ARGW_SLICE = 2 };
#define PW_FIXED_CALLEE (-1)
#define PW_NO_KEYWORDS (-2)
/* CODE_LANDINGS / CODE_LANDING_LOCALS: where a result landing at a code unit is read instead, and
 * the local it is read from; CODE_BRANCH_READS: where a branch landing there jumps to << 1 | the
 * call's result if the frame goes on at CODE_LANDINGS instead (Engine.fast_plans) */
#define LANDING_SLOT_BITS 6

static inline int32_t
code_int(PyObject *code_data, int which, Py_ssize_t index)
{
    PyObject *bytes = PyTuple_GET_ITEM(code_data, which);
    int32_t value = -1;
    if ((index + 1) * (Py_ssize_t)sizeof(int32_t) <= PyBytes_GET_SIZE(bytes)) {
        memcpy(&value, PyBytes_AS_STRING(bytes) + index * sizeof(int32_t), sizeof(value));
    }
    return value;
}

/* The words of the plan at a code unit, or NULL (none, or words that do not fit their array). */
static inline const int32_t *
plan_words(PyObject *code_data, Py_ssize_t unit)
{
    int32_t at = code_int(code_data, CODE_PLAN_AT, unit);
    if (at < 0) {
        return NULL;
    }
    PyObject *bytes = PyTuple_GET_ITEM(code_data, CODE_PLAN_WORDS);
    Py_ssize_t count = PyBytes_GET_SIZE(bytes) / (Py_ssize_t)sizeof(int32_t);
    const int32_t *words = (const int32_t *)PyBytes_AS_STRING(bytes);  /* (bytes data is 8-aligned) */
    if (at + PW_ARGS > count || words[at + PW_NARGS] < 0 || at + PW_ARGS + 3 * (Py_ssize_t)words[at + PW_NARGS] > count) {
        return NULL;
    }
    return words + at;
}

#define FAST_PLAIN_ARGS 4

/* What fast_event reads of a code object's plans, per code unit, side by side (one cache line
 * serves an event rather than one per array), the plans' words checked once. */
typedef struct CodeUnit {
    PyObject *plan;          /* the unit's plan (borrowed from the source), or NULL */
    const int32_t *words;    /* its words (in the source's CODE_PLAN_WORDS), or NULL */
    int32_t end;             /* CODE_ENDS */
    int32_t completes;       /* CODE_COMPLETES */
    /* of a call's unit: where its result lands (-1: it branches), and where it is read instead
     * (CODE_LANDINGS, CODE_LANDING_LOCALS and CODE_BRANCH_READS of that landing) */
    int32_t fallthrough, fall_landing, fall_local, fall_branch;
    /* the argument that is the only slice the plan makes, or -1 */
    int32_t slice_arg;
    /* a call of the plain shape (fast_start_plain): its callee fixed, each argument one of its
     * stack inputs (which) or a constant of the plan (borrowed; else NULL), no keywords, no slice,
     * no store to register; else n_plain < 0 */
    int32_t n_plain;
    int32_t plain_input[FAST_PLAIN_ARGS];
    PyObject *plain_constant[FAST_PLAIN_ARGS];
} CodeUnit;

typedef struct {
    PyObject_VAR_HEAD        /* (ob_size: the number of units) */
    PyObject *source;        /* what Engine.fast_plans returned (it holds the plans and words) */
    CodeUnit units[1];
} CodeTable;

static const CodeUnit NO_UNIT = {NULL, NULL, -1, -1, -1, -1, -1, -1, -1, -1, {0}, {NULL}};

static inline const CodeUnit *
code_unit(const CodeTable *table, Py_ssize_t index)
{
    return index >= 0 && index < Py_SIZE(table) ? &table->units[index] : &NO_UNIT;
}

static void
code_table_dealloc(CodeTable *table)
{
    Py_XDECREF(table->source);
    PyObject_Free(table);
}

static PyTypeObject CodeTable_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sidefx._speedups.CodeTable",
    .tp_basicsize = sizeof(CodeTable) - sizeof(CodeUnit),
    .tp_itemsize = sizeof(CodeUnit),
    .tp_dealloc = (destructor)code_table_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A code object's fast-lane plans per code unit (FastLane's own).",
};

/* The table of a checked fast_plans tuple (new reference), or NULL with an error. */
static PyObject *
code_table_new(PyObject *source)
{
    PyObject *plans = PyTuple_GET_ITEM(source, CODE_PLANS);
    Py_ssize_t n_units = PyTuple_GET_SIZE(plans);
    for (int which = CODE_ENDS; which <= CODE_PLAN_AT; which++) {
        Py_ssize_t size = PyBytes_GET_SIZE(PyTuple_GET_ITEM(source, which)) / (Py_ssize_t)sizeof(int32_t);
        n_units = size > n_units ? size : n_units;
    }
    CodeTable *table = PyObject_NewVar(CodeTable, &CodeTable_Type, n_units);
    if (table == NULL) {
        return NULL;
    }
    table->source = Py_NewRef(source);
    for (Py_ssize_t i = 0; i < n_units; i++) {
        CodeUnit *unit = &table->units[i];
        PyObject *plan = i < PyTuple_GET_SIZE(plans) ? PyTuple_GET_ITEM(plans, i) : Py_None;
        unit->plan = PyTuple_CheckExact(plan) && PyTuple_GET_SIZE(plan) == PLAN_SIZE ? plan : NULL;
        unit->words = unit->plan != NULL ? plan_words(source, i) : NULL;
        PyObject *spec = unit->words != NULL ? PyTuple_GET_ITEM(unit->plan, PLAN_ARGS) : NULL;
        if (spec != NULL && (!PyTuple_CheckExact(spec) || PyTuple_GET_SIZE(spec) != unit->words[PW_NARGS])) {
            unit->words = NULL;  /* (the plan's words disagree with its arguments: Python runs it) */
        }
        unit->end = code_int(source, CODE_ENDS, i);
        unit->completes = code_int(source, CODE_COMPLETES, i);
        unit->fallthrough = unit->words != NULL ? unit->words[PW_FALLTHROUGH] : -1;
        Py_ssize_t landed = unit->fallthrough >> 1;
        unit->fall_landing = landed >= 0 ? code_int(source, CODE_LANDINGS, landed) : -1;
        unit->fall_local = landed >= 0 ? code_int(source, CODE_LANDING_LOCALS, landed) : -1;
        unit->fall_branch = landed >= 0 ? code_int(source, CODE_BRANCH_READS, landed) : -1;
        unit->slice_arg = -1;
        for (int32_t k = 0, slices = 0; unit->words != NULL && k < unit->words[PW_NARGS]; k++) {
            if (unit->words[PW_ARGS + 3 * k] == ARGW_SLICE) {
                unit->slice_arg = ++slices == 1 ? k : -1;
            }
        }
        const int32_t *pw = unit->words;
        int plain = pw != NULL && pw[PW_ROUTINE] == ROUTINE_CALL && pw[PW_CALLEE_FORM] == PW_FIXED_CALLEE
                    && pw[PW_KEYWORDS] == PW_NO_KEYWORDS && pw[PW_NARGS] <= FAST_PLAIN_ARGS
                    && unit->fall_local < 0 && PyTuple_GET_ITEM(unit->plan, PLAN_HIDE) != Py_True;
        for (int32_t k = 0; plain && k < pw[PW_NARGS]; k++) {
            int32_t kind = pw[PW_ARGS + 3 * k], at = pw[PW_ARGS + 3 * k + 1];
            PyObject *source = PyTuple_GET_ITEM(PyTuple_GET_ITEM(unit->plan, PLAN_ARGS), k);
            unit->plain_input[k] = at;
            unit->plain_constant[k] = NULL;
            if (kind == ARGW_CONSTANT) {
                plain = PyTuple_CheckExact(source) && PyTuple_GET_SIZE(source) == 1;
                unit->plain_constant[k] = plain ? PyTuple_GET_ITEM(source, 0) : NULL;
            }
            else {
                plain = kind == ARGW_INPUT && at >= 0 && at < pw[PW_INPUTS];
            }
        }
        unit->n_plain = plain ? pw[PW_NARGS] : -1;
    }
    return (PyObject *)table;
}

/* Python has nothing of its own to do at this event of the frame: no pattern matching, and every
 * display under construction goes on being constructed here (_FrameState.check_building would
 * do nothing). */
static int
fast_plain_other(FastObject *f, PyObject *st, const CodeTable *table, int lasti)
{
    if (SLOT_OF(st, f->st_match_values) != Py_None || SLOT_OF(st, f->st_match_subject) != Py_None) {
        return 0;
    }
    PyObject *building = SLOT_OF(st, f->st_building);
    if (building == NULL || !PyDict_CheckExact(building)) {
        return 0;
    }
    if (PyDict_GET_SIZE(building) == 0) {
        return 1;
    }
    if (table == NULL || code_unit(table, lasti >> 1)->completes > 0) {
        return 0;
    }
    Py_ssize_t position = 0;
    PyObject *opening, *record;
    while (PyDict_Next(building, &position, &opening, &record)) {
        long start = PyLong_Check(opening) ? PyLong_AsLong(opening) : -1;
        if (start < 0 || lasti < start || lasti > code_unit(table, start >> 1)->end) {
            PyErr_Clear();
            return 0;
        }
    }
    return 1;
}

/* fast_plain_other's first answer, at once: nearly every event is of a frame matching no pattern
 * and constructing no display. */
static inline int
fast_plain(FastObject *f, PyObject *st, const CodeTable *table, int lasti)
{
    PyObject *building = SLOT_OF(st, f->st_building);
    if (SLOT_OF(st, f->st_match_values) == Py_None && SLOT_OF(st, f->st_match_subject) == Py_None
            && building != NULL && PyDict_CheckExact(building) && PyDict_GET_SIZE(building) == 0) {
        return 1;
    }
    return fast_plain_other(f, st, table, lasti);
}

static const CodeTable *fast_code(FastObject *f, PyCodeObject *code);

/* An argument may be a display the frame tracks (Engine._finish closes those): only containers are. */
static int
fast_may_close_display(FastObject *f, PyObject *st, const StartedObject *call)
{
    PyObject *displays = SLOT_OF(st, f->st_displays);
    if (displays == NULL || !PyDict_CheckExact(displays)) {
        return 1;
    }
    if (PyDict_GET_SIZE(displays) == 0) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < call->n_args; i++) {
        PyObject *arg = call->items[i];
        if (PyList_Check(arg) || PyTuple_Check(arg) || PyDict_Check(arg) || PyAnySet_Check(arg)) {
            return 1;
        }
    }
    return 0;
}

static void
fast_internal_error(FastObject *f, PyFrameObject *frame, int lasti)
{
    /* as Engine.instruction: a recorder fault is noted, never raised into the traced program */
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    PyObject *text = value != NULL ? PyObject_Repr(value) : NULL;
    PyObject *entry = text != NULL ? Py_BuildValue("(OiO)", frame_code(frame)->co_name, lasti, text) : NULL;
    if (entry == NULL || PyList_Append(f->internal_errors, entry) < 0) {
        PyErr_Clear();
    }
    Py_XDECREF(entry);
    Py_XDECREF(text);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(traceback);
}

static void fast_forget(FastObject *f, PyObject *st);
static inline void fast_spare(FastObject *f, StartedObject *call);
static PyObject *fast_bind(FastObject *f, PyObject *func, PyObject *self, int *prefix, PyObject **later);

/* ================================================================================================
 * StateCache: the frame of the last event and its state, so that consecutive events of one frame
 * (nearly all of them) look its state up once.  Engine.states only gains or loses a frame's state
 * at a frame's start or exit, or when Python runs: the cache is forgotten at those events and
 * before any call into Python.  It holds the frame too, so that no other frame can take its
 * address while it is remembered.
 * ============================================================================================== */

typedef struct {
    PyObject *frame, *state;
    PyCodeObject *code;   /* the frame's (borrowed: the frame holds it) */
    int has_code_data;
    const CodeTable *code_data;  /* FastLane's plans of the frame's code (its table holds them), or NULL */
    PyObject *code_map;   /* the Tracer's bitmap or MonitorHook's map of the code (borrowed), or NULL */
    /* 3.11+: locate_iframe() of the frame, once an event of it read the stack (located: the frame) */
    PyObject *located;
    intptr_t iframe, bottom;
} StateCache;

/* The frame's state in states (borrowed; NULL, without an error, if it has none). */
static inline PyObject *
cached_state(StateCache *cache, PyObject *states, PyFrameObject *frame)
{
    if (cache->frame == (PyObject *)frame) {
        return cache->state;
    }
    PyObject *st = PyDict_GetItem(states, (PyObject *)frame);
    if (st != NULL) {
        PyObject *old_frame = cache->frame, *old_state = cache->state;
        cache->frame = Py_NewRef((PyObject *)frame);
        cache->state = Py_NewRef(st);
        cache->code = frame_code(frame);
        cache->has_code_data = 0;
        cache->code_map = NULL;
        cache->located = NULL;
        Py_XDECREF(old_frame);
        Py_XDECREF(old_state);
    }
    return st;
}

static inline void
forget_state(StateCache *cache)
{
    Py_CLEAR(cache->frame);
    Py_CLEAR(cache->state);
    cache->code = NULL;
    cache->has_code_data = 0;
    cache->code_map = NULL;
    cache->located = NULL;
}

/* What one event of a frame looks up once, for completing one call and starting the next: the
 * code's plans, and the stack (located on first use; the frame does not run in between). */
typedef struct {
    PyFrameObject *frame;
    PyCodeObject *code;   /* the frame's (borrowed) */
    StateCache *cache;    /* (of this frame when cache->frame is the frame) */
    int lasti;
    const CodeTable *code_data;  /* fast_code(): borrowed, or NULL */
    int plain;            /* fast_plain() at this event: -1 not yet asked */
    int located;          /* 0: not yet; 1: top/depth valid; -1: the stack does not read */
    intptr_t top;
    Py_ssize_t depth;
} FastEvent;

/* fast_plain() of the event's frame, asked once per event (completing a call does not change it) */
static inline int
fast_event_plain(FastObject *f, FastEvent *ev, PyObject *st)
{
    if (ev->plain < 0) {
        ev->plain = fast_plain(f, st, ev->code_data, ev->lasti);
    }
    return ev->plain;
}

/* fast_locate() the first time in an event. */
static void
fast_locate_first(FastObject *f, FastEvent *ev)
{
    ReaderObject *r = f->reader;
    StateCache *cache = ev->cache;
    int failed;
    if ((r->mode == MODE_IFRAME_INDEX || r->mode == MODE_IFRAME_POINTER) && cache->frame == (PyObject *)ev->frame) {
        /* the interpreter frame is checked at the frame's first such event while it is cached */
        if (cache->located != (PyObject *)ev->frame) {
            failed = locate_iframe(r, ev->frame, ev->code, &cache->iframe, &cache->bottom) < 0;
            cache->located = failed ? NULL : (PyObject *)ev->frame;
        }
        else {
            failed = 0;
        }
        failed = failed || locate_iframe_top(r, ev->frame, ev->code, cache->iframe, cache->bottom,
                                             &ev->top, &ev->depth) < 0;
    }
    else {
        failed = locate(r, (PyObject *)ev->frame, ev->code, &ev->top, &ev->depth) < 0;
    }
    ev->located = failed ? -1 : 1;
    if (failed) {
        PyErr_Clear();
    }
}

/* The event's stack top and depth: 0, or -1 with no error set (Engine reads again and reports). */
static inline int
fast_locate(FastObject *f, FastEvent *ev)
{
    if (ev->located == 0) {
        fast_locate_first(f, ev);
    }
    return ev->located == 1 ? 0 : -1;
}

/* Engine._forget_store: the frame's call is no longer waiting for its store. */
static void
fast_forget_store(FastObject *f, PyObject *frame)
{
    PyObject *stores = f->stores;
    Py_ssize_t size = PyList_GET_SIZE(stores);
    if (size >= 2 && PyList_GET_ITEM(stores, size - 2) == frame) {
        /* the last pair, nearly always (calls nest): as list.pop() twice, without its resizing */
        PyObject *landing = PyList_GET_ITEM(stores, size - 1);
        Py_SET_SIZE(stores, size - 2);
        Py_DECREF(landing);
        Py_DECREF(frame);
        return;
    }
    for (Py_ssize_t i = size - 4; i >= 0; i -= 2) {
        if (PyList_GET_ITEM(stores, i) == frame) {
            if (PyList_SetSlice(stores, i, i + 2, NULL) < 0) {
                PyErr_Clear();
            }
            return;
        }
    }
}

/* The frame's fast local `index` (3.11+: the locals lie just below the value stack), after the
 * stack's checks: a new reference, or NULL with an error. */
static PyObject *
fast_local(FastObject *f, FastEvent *ev, Py_ssize_t index)
{
    Py_ssize_t count = code_nlocalsplus(ev->code);
    if (fast_locate(f, ev) < 0 || index < 0 || index >= count) {
        PyErr_SetString(PyExc_ValueError, "the local does not read");
        return NULL;
    }
    const intptr_t *words = (const intptr_t *)ev->top - ev->depth - count;
    PyObject *value = slot_value(f->reader, words[index], -1 - ev->depth - count + index);
    if (value == f->reader->null) {
        Py_DECREF(value);
        PyErr_SetString(PyExc_ValueError, "the local is unbound");
        return NULL;
    }
    return value;
}

/* The result of a started call, read at the frame's next event, under `above` slots pushed since
 * it landed, or from the local `local` (>= 0) it was stored in (new reference, or NULL with an
 * error: the stack does not read, or the result cannot be computed here).  res_self as fast_bind's
 * later: a loaded method may stay unbound (*res_self set, if res_self is not NULL). */
static PyObject *
fast_result(FastObject *f, FastEvent *ev, const int32_t *plan, Py_ssize_t above, Py_ssize_t local,
            PyObject **res_self)
{
    if (local >= 0) {
        return fast_local(f, ev, local);
    }
    long kind = plan[PW_RESULT];
    if (kind == RESULT_NONE) {
        return Py_NewRef(Py_None);
    }
    Py_ssize_t outputs = plan[PW_OUTPUTS];
    if (kind == RESULT_REVERSED && outputs == 0) {
        return PyTuple_New(0);  /* () = x */
    }
    if (outputs < 1 || fast_locate(f, ev) < 0 || ev->depth < outputs + above) {
        PyErr_SetString(PyExc_ValueError, "outputs not on the stack");
        return NULL;
    }
    const intptr_t *words = (const intptr_t *)ev->top - above - outputs;
    if (kind == RESULT_TOP) {
        return slot_value(f->reader, words[outputs - 1], -1);
    }
    if (kind == RESULT_NOT) {
        PyObject *value = slot_value(f->reader, words[outputs - 1], -1);
        if (value == NULL) {
            return NULL;
        }
        int truth = PyObject_Not(value);
        Py_DECREF(value);
        return truth < 0 ? NULL : Py_NewRef(truth ? Py_True : Py_False);
    }
    if (kind == RESULT_REVERSED) {
        PyObject *items = PyTuple_New(outputs);
        for (Py_ssize_t i = 0; items != NULL && i < outputs; i++) {
            PyObject *value = slot_value(f->reader, words[outputs - 1 - i], -1 - i);
            if (value == NULL) {
                Py_CLEAR(items);
                break;
            }
            PyTuple_SET_ITEM(items, i, value);
        }
        return items;
    }
    if ((kind == RESULT_LOADED_NULL_FIRST || kind == RESULT_LOADED_NULL_SECOND) && outputs == 2) {
        /* rt.loaded_attribute / loaded_attribute_null_second: the attribute a method-form load stands for */
        PyObject *first = slot_value(f->reader, words[0], -2), *second = NULL, *res = NULL;
        if (first != NULL && (second = slot_value(f->reader, words[1], -1)) != NULL) {
            PyObject *null_slot = kind == RESULT_LOADED_NULL_FIRST ? first : second;
            if (null_slot == f->reader->null) {
                res = Py_NewRef(kind == RESULT_LOADED_NULL_FIRST ? second : first);
            }
            else {
                int prefix = 0;
                PyObject *fn = fast_bind(f, first, second, &prefix, res_self);
                if (fn != NULL) {
                    res = prefix ? Py_NewRef(first) : Py_NewRef(fn);
                    Py_DECREF(fn);
                }
            }
        }
        Py_XDECREF(first);
        Py_XDECREF(second);
        return res;
    }
    PyErr_SetString(PyExc_ValueError, "unknown result kind");
    return NULL;
}

/* Complete the started call of st with the result on the stack now. */
static int
fast_complete(FastObject *f, FastEvent *ev, PyObject *st)
{
    PyFrameObject *frame = ev->frame;
    int lasti = ev->lasti;
    StartedObject *call = (StartedObject *)SLOT_OF(st, f->st_call);
    const CodeUnit *started = Py_TYPE(call) == &Started_Type ? call->unit : NULL;  /* (its plan has words) */
    if (started == NULL
            || !fast_event_plain(f, ev, st) || fast_may_close_display(f, st, call)
            || (f->log == NULL && call->slice_at >= 0)) {  /* (a late slice is the log's) */
        return FAST_CONTINUE;
    }
    PyObject *plan = call->plan;
    const int32_t *words = started->words;
    long fallthrough = started->fallthrough;
    /* where the result is read if not at its landing (_deferred_landings) */
    Py_ssize_t above = 0, local = -1;
    /* a store puts the result into a local: Engine.stores lists the call */
    int stored = f->stores != NULL && started->fall_local >= 0;
    PyObject *learnt = NULL;  /* the result the way a branch went says (_branch_reads) */
    if (fallthrough != lasti) {
        if (started->fall_branch >= 0) {
            int falls = (started->fall_landing >> LANDING_SLOT_BITS) == lasti;
            if (!falls && (started->fall_branch >> 1) != lasti) {
                return FAST_WAITING;  /* on its way there: nothing runs here */
            }
            learnt = (started->fall_branch & 1) == falls ? Py_True : Py_False;
        }
        else if (started->fall_landing >= 0 && (started->fall_landing >> LANDING_SLOT_BITS) == lasti) {
            above = started->fall_landing & ((1 << LANDING_SLOT_BITS) - 1);
            local = started->fall_local;
        }
        if (PyTuple_GET_ITEM(plan, PLAN_EXHAUSTS) == Py_True && local < 0) {
            return FAST_CONTINUE;  /* the loop ended: Engine records the StopIteration */
        }
    }
    PyObject *res_self = NULL;  /* (the log binds a loaded method when the record is made) */
    PyObject *res = learnt != NULL ? Py_NewRef(learnt)
                    : fast_result(f, ev, words, above, local, f->log != NULL ? &res_self : NULL);
    if (res == NULL) {
        PyErr_Clear();
        return FAST_CONTINUE;  /* Engine reads again and reports what does not read */
    }
    if (stored) {
        fast_forget_store(f, (PyObject *)frame);
    }
    if (f->log != NULL) {
        /* the call's references move to the log, and the emptied call waits for the next one */
        if (log_take_started(f->log, call, res, res_self) < 0) {
            fast_forget(f, st);
            fast_internal_error(f, frame, lasti);
            return FAST_DONE;
        }
        SLOT_OF(st, f->st_call) = Py_NewRef(Py_None);
        fast_spare(f, call);
        f->completed++;
        return FAST_DONE;
    }
    PyObject *fn = call->self == NULL ? Py_NewRef(call->fn) : bound_method(call->fn, call->self);
    PyObject *record = fn != NULL ? f->record_type->tp_alloc(f->record_type, 0) : NULL;
    PyObject *arg_list = record != NULL ? PyList_New(call->n_args) : NULL;
    if (arg_list == NULL) {
        Py_XDECREF(fn);
        Py_XDECREF(record);
        Py_DECREF(res);
        PyErr_Clear();
        return FAST_CONTINUE;
    }
    for (Py_ssize_t i = 0; i < call->n_args; i++) {
        PyList_SET_ITEM(arg_list, i, Py_NewRef(call->items[i]));
    }
    PyObject *kwargs = Py_NewRef(call->kwargs != NULL ? call->kwargs : Py_None);  /* (FunctionCall: None = {}) */
    SLOT_OF(record, f->record[REC_FN]) = fn;
    SLOT_OF(record, f->record[REC_ARGS]) = arg_list;
    SLOT_OF(record, f->record[REC_KWARGS]) = kwargs;
    SLOT_OF(record, f->record[REC_RES]) = res;
    SLOT_OF(record, f->record[REC_RAISED]) = Py_NewRef(Py_None);
    SLOT_OF(record, f->record[REC_CODE]) = Py_NewRef((PyObject *)ev->code);
    SLOT_OF(record, f->record[REC_OFFSET]) = Py_NewRef(PyTuple_GET_ITEM(plan, PLAN_OFFSET));
    SLOT_OF(record, f->record[REC_LINE]) = Py_NewRef(PyTuple_GET_ITEM(plan, PLAN_LINE));
    SLOT_OF(record, f->record[REC_OPNAME]) = Py_NewRef(PyTuple_GET_ITEM(plan, PLAN_OPNAME));
    /* records are referenced by the recording only: the cyclic GC need not traverse them */
    if (PyObject_GC_IsTracked(record)) {
        PyObject_GC_UnTrack(record);
    }
    if (PyObject_GC_IsTracked(arg_list)) {
        PyObject_GC_UnTrack(arg_list);
    }
    if (kwargs != Py_None && PyObject_GC_IsTracked(kwargs)) {  /* 3.14 tracks even empty dicts */
        PyObject_GC_UnTrack(kwargs);
    }
    fast_forget(f, st);
    f->completed++;
    PyObject *out = PyObject_CallOneArg(f->append, record);
    int failed = out == NULL;
    Py_XDECREF(out);
    Py_DECREF(record);
    if (failed) {
        fast_internal_error(f, frame, lasti);
    }
    return FAST_DONE;
}

/* The callee of a method-form pair, as sidefx._runtime.bind: a function or method descriptor that
 * self's class defines under its name becomes the bound method (*prefix = 0); anything else is
 * called with self as first argument (*prefix = 1).  New reference, or NULL with an error.  With
 * later not NULL, a descriptor the fast check finds is returned as is, to be bound by
 * bound_method(func, *later) (*later a new reference to self; else left NULL). */
static PyObject *
fast_bind(FastObject *f, PyObject *func, PyObject *self, int *prefix, PyObject **later)
{
    PyTypeObject *kind = Py_TYPE(func);
    if (!PyType_HasFeature(kind, Py_TPFLAGS_METHOD_DESCRIPTOR)) {
        *prefix = 1;
        return Py_NewRef(func);
    }
    PyObject *name = NULL;
    if (PyFunction_Check(func)) {
        name = ((PyFunctionObject *)func)->func_name;
    }
    else if (kind == &PyMethodDescr_Type) {
        name = PyDescr_NAME(func);
    }
    if (name != NULL && PyUnicode_CheckExact(name) && kind->tp_descr_get != NULL
            && _PyType_Lookup(Py_TYPE(self), name) == func) {
        *prefix = 0;
        if (later != NULL) {
            *later = Py_NewRef(self);
            return Py_NewRef(func);
        }
        return bound_method(func, self);
    }
    /* classmethods through their class, methods stored under another name: Python decides */
    PyObject *pair = PyObject_CallFunctionObjArgs(f->bind, func, self, NULL);
    if (pair == NULL) {
        return NULL;
    }
    if (!PyTuple_CheckExact(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyList_CheckExact(PyTuple_GET_ITEM(pair, 1))) {
        Py_DECREF(pair);
        PyErr_SetString(PyExc_TypeError, "bind must return (callable, list)");
        return NULL;
    }
    *prefix = PyList_GET_SIZE(PyTuple_GET_ITEM(pair, 1)) != 0;
    PyObject *fn = Py_NewRef(PyTuple_GET_ITEM(pair, 0));
    Py_DECREF(pair);
    return fn;
}

/* An emptied call waits for the next call started (the reference given moves to the lane). */
static inline void
fast_spare(FastObject *f, StartedObject *call)
{
    if (f->n_spare_calls < FAST_SPARE_CALLS && Py_REFCNT(call) == 1) {
        f->spare_calls[f->n_spare_calls++] = call;
    }
    else {
        Py_DECREF(call);
    }
}

/* An empty call with room for n items, for st's fast_call (new reference), or NULL with an error. */
static inline StartedObject *
fast_spare_call(FastObject *f, Py_ssize_t n)
{
    if (f->n_spare_calls > 0) {
        StartedObject *call = f->spare_calls[f->n_spare_calls - 1];
        if (Py_SIZE(call) >= n) {
            f->n_spare_calls--;
            return call;
        }
    }
    return started_new(n);
}

/* The started call of st is gone (completed, or adopted by Engine). */
static void
fast_forget(FastObject *f, PyObject *st)
{
    PyObject *call = SLOT_OF(st, f->st_call);
    if (call != NULL && Py_TYPE(call) == &Started_Type) {
        SLOT_OF(st, f->st_call) = Py_NewRef(Py_None);
        started_empty((StartedObject *)call);
        fast_spare(f, (StartedObject *)call);
    }
}

/* What Engine.fast_plans says of code, as its table (borrowed); NULL if it has no plans. */
static const CodeTable *
fast_code(FastObject *f, PyCodeObject *code)
{
    Slot *s = table_find(&f->plans, (PyObject *)code);
    if (s == NULL) {
        PyObject *plans = PyObject_CallOneArg(f->plans_for, (PyObject *)code);
        if (plans == NULL || !PyTuple_CheckExact(plans) || PyTuple_GET_SIZE(plans) != CODE_SIZE
                || !PyTuple_CheckExact(PyTuple_GET_ITEM(plans, CODE_PLANS))
                || !PyBytes_CheckExact(PyTuple_GET_ITEM(plans, CODE_ENDS))
                || !PyBytes_CheckExact(PyTuple_GET_ITEM(plans, CODE_COMPLETES))
                || !PyBytes_CheckExact(PyTuple_GET_ITEM(plans, CODE_LANDINGS))
                || !PyBytes_CheckExact(PyTuple_GET_ITEM(plans, CODE_LANDING_LOCALS))
                || !PyBytes_CheckExact(PyTuple_GET_ITEM(plans, CODE_BRANCH_READS))
                || !PyBytes_CheckExact(PyTuple_GET_ITEM(plans, CODE_PLAN_AT))
                || !PyBytes_CheckExact(PyTuple_GET_ITEM(plans, CODE_PLAN_WORDS))) {
            /* Engine.fast_plans failed: this code object runs through Python alone */
            Py_XDECREF(plans);
            PyErr_Clear();
            plans = Py_NewRef(Py_None);
        }
        else {
            Py_SETREF(plans, code_table_new(plans));
            if (plans == NULL) {
                PyErr_Clear();
                plans = Py_NewRef(Py_None);
            }
        }
        s = table_put(&f->plans, (PyObject *)code, plans);
        Py_DECREF(plans);
        if (s == NULL) {
            PyErr_Clear();
            return NULL;
        }
    }
    return s->value == Py_None ? NULL : (const CodeTable *)s->value;
}

/* rt._grow for an element appended to an open list display (LIST_APPEND): the display's record
 * gains the element and moves to the end of the calls, as Engine does at the next event; there is
 * nothing in between that could differ (appending to the compiler's list cannot fail).  FAST_DONE,
 * or FAST_CONTINUE for anything else (a set display, a record of another shape). */
static int
fast_grow(FastObject *f, PyObject *st, PyObject *target, PyObject *item)
{
    PyObject *displays = SLOT_OF(st, f->st_displays);
    if (!PyList_CheckExact(target) || displays == NULL || !PyDict_CheckExact(displays)) {
        return FAST_CONTINUE;
    }
    PyObject *key = PyLong_FromVoidPtr(target);
    if (key == NULL) {
        PyErr_Clear();
        return FAST_CONTINUE;
    }
    PyObject *entry = PyDict_GetItem(displays, key);  /* borrowed: (record, slot) */
    Py_DECREF(key);
    if (entry == NULL) {
        return FAST_DONE;  /* not a display the frame tracks: rt._grow does nothing either */
    }
    PyObject *record = PyTuple_CheckExact(entry) && PyTuple_GET_SIZE(entry) == 2 ? PyTuple_GET_ITEM(entry, 0) : NULL;
    if (record == NULL || Py_TYPE(record) != f->record_type) {
        return FAST_CONTINUE;
    }
    if (SLOT_OF(record, f->record[REC_RES]) != target) {
        return FAST_DONE;  /* the record is of an earlier container at that address: nothing, as rt._grow */
    }
    PyObject *elements = SLOT_OF(record, f->record[REC_ARGS]);
    if (SLOT_OF(record, f->record[REC_FN]) != f->build_list || elements == NULL || !PyList_CheckExact(elements)) {
        return FAST_CONTINUE;
    }
    Py_INCREF(record);
    if (PyList_Append(elements, item) < 0) {
        Py_DECREF(record);
        PyErr_Clear();
        return FAST_CONTINUE;
    }
    int failed = 0;
    if (f->log != NULL) {
        log_move_to_end(f->log, record);
    }
    else {
        PyObject *out = PyObject_CallOneArg(f->move_to_end, record);
        failed = out == NULL;
        Py_XDECREF(out);
    }
    Py_DECREF(record);
    if (failed) {
        PyErr_Clear();  /* (memory) the record keeps its place */
    }
    return FAST_DONE;
}

/* The call, filled by fast_start, becomes st's started call (the reference given moves to st). */
static inline int
fast_put_started(FastObject *f, PyObject *st, StartedObject *call)
{
    PyObject *old = SLOT_OF(st, f->st_call);  /* (None: no call is started) */
    SLOT_OF(st, f->st_call) = (PyObject *)call;
    Py_XDECREF(old);
    f->started++;
    return FAST_DONE;
}

/* fast_start could not fill the call: the n items it wrote are released, the call waits for the next
 * one.  FAST_CONTINUE: the translator reads again, and reports what does not read. */
static int
fast_unfill(FastObject *f, StartedObject *call, Py_ssize_t n)
{
    PyErr_Clear();
    call->n_args = n;
    started_empty(call);
    fast_spare(f, call);
    return FAST_CONTINUE;
}

/* fast_start of a plain call (CodeUnit.n_plain): its arguments are read off the stack as they are, or
 * are the plan's constants. */
static int
fast_start_plain(FastObject *f, PyObject *st, const CodeUnit *unit, const intptr_t *words, Py_ssize_t inputs)
{
    Py_ssize_t n = unit->n_plain;
    StartedObject *call = fast_spare_call(f, n);
    if (call == NULL) {
        PyErr_Clear();
        return FAST_CONTINUE;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t at = unit->plain_input[i];
        PyObject *value = unit->plain_constant[i] != NULL ? Py_NewRef(unit->plain_constant[i])
                          : slot_value(f->reader, words[at], at - inputs);
        if (value == NULL) {
            return fast_unfill(f, call, i);
        }
        call->items[i] = value;
    }
    call->plan = Py_NewRef(unit->plan);
    call->unit = unit;
    call->fn = Py_NewRef(PyTuple_GET_ITEM(unit->plan, PLAN_FN));
    call->n_args = n;
    return fast_put_started(f, st, call);
}

/* Start the call of the instruction at lasti if it has a plan. */
static int
fast_start(FastObject *f, FastEvent *ev, PyObject *st)
{
    const CodeTable *code_data = ev->code_data;
    int lasti = ev->lasti;
    const CodeUnit *unit = code_data != NULL ? code_unit(code_data, lasti >> 1) : &NO_UNIT;
    PyObject *plan = unit->plan;
    if (plan == NULL || !fast_event_plain(f, ev, st)) {
        return FAST_CONTINUE;
    }
    const int32_t *pw = unit->words;
    Py_ssize_t inputs = pw != NULL ? pw[PW_INPUTS] : -1;
    PyObject *spec = PyTuple_GET_ITEM(plan, PLAN_ARGS);
    if (inputs < 0 || fast_locate(f, ev) < 0 || inputs > ev->depth) {  /* (spec checked with the words) */
        return FAST_CONTINUE;  /* the translator reads again and reports what does not read */
    }
    const intptr_t *words = (const intptr_t *)ev->top - inputs;
    if (unit->n_plain >= 0) {
        return fast_start_plain(f, st, unit, words, inputs);
    }
    const int32_t *argw = pw + PW_ARGS;  /* (kind, a, b) per argument */
    if (pw[PW_ROUTINE] == ROUTINE_GROW) {
        Py_ssize_t t = pw[PW_NARGS] == 2 && argw[0] == ARGW_INPUT ? argw[1] : -1;
        Py_ssize_t e = pw[PW_NARGS] == 2 && argw[3] == ARGW_INPUT ? argw[4] : -1;
        PyObject *target = NULL, *item = NULL;
        int done = FAST_CONTINUE;
        if (t >= 0 && e >= 0 && t < inputs && e < inputs
                && (target = slot_value(f->reader, words[t], t - inputs)) != NULL
                && (item = slot_value(f->reader, words[e], e - inputs)) != NULL) {
            done = fast_grow(f, st, target, item);
        }
        PyErr_Clear();
        Py_XDECREF(target);
        Py_XDECREF(item);
        return done;
    }
    PyObject *fn = NULL, *kwargs = NULL, *first = NULL, *second = NULL;
    PyObject *fn_self = NULL;  /* fn is a descriptor to bind to it (in the log, when the record is made) */
    PyObject **later = f->log != NULL ? &fn_self : NULL;
    StartedObject *call = NULL;
    Py_ssize_t n = 0;  /* the items written */
    int prefix = 0;
    long form = pw[PW_CALLEE_FORM];
    if (form == PW_FIXED_CALLEE) {
        fn = Py_NewRef(PyTuple_GET_ITEM(plan, PLAN_FN));
    }
    else {
        Py_ssize_t i = pw[PW_CALLEE_FIRST], j = pw[PW_CALLEE_SECOND];
        if (i < 0 || j < 0 || i >= inputs || j >= inputs
                || (first = slot_value(f->reader, words[i], i - inputs)) == NULL
                || (second = slot_value(f->reader, words[j], j - inputs)) == NULL) {
            goto fallback;
        }
        if (form == CALLEE_INPUT) {
            fn = Py_NewRef(first);
        }
        else if (form == CALLEE_NULL_FIRST) {  /* [method, self] or [NULL, callable] */
            fn = first == f->reader->null ? Py_NewRef(second) : fast_bind(f, first, second, &prefix, later);
        }
        else if (form == CALLEE_NULL_SECOND) {  /* [method, self] or [callable, NULL] */
            fn = second == f->reader->null ? Py_NewRef(first) : fast_bind(f, first, second, &prefix, later);
        }
        if (fn == NULL) {
            goto fallback;
        }
    }
    if (PyTuple_GET_ITEM(plan, PLAN_HIDE) == Py_True && fn_self == NULL && PyFunction_Check(fn)
            && table_find(&f->hidden, PyFunction_GET_CODE(fn)) != NULL) {
        goto fallback;  /* a comprehension's own function: Engine leaves it out */
    }
    Py_ssize_t nargs = PyTuple_GET_SIZE(spec);
    /* a slice argument stays two items, its start and stop, until the log makes the record (the
     * slice would be the only object the recording adds to the traced program's heap) */
    Py_ssize_t slice_at = f->log != NULL && unit->slice_arg >= 0 && pw[PW_KEYWORDS] == PW_NO_KEYWORDS
                          ? prefix + unit->slice_arg : -1;
    call = fast_spare_call(f, nargs + prefix + (slice_at >= 0));
    if (call == NULL) {
        goto fallback;
    }
    PyObject **items = call->items;
    if (prefix) {
        items[n++] = Py_NewRef(second);
    }
    for (Py_ssize_t i = 0; i < nargs; i++) {
        PyObject *value = NULL;
        int32_t kind = argw[3 * i], a = argw[3 * i + 1], b = argw[3 * i + 2];
        if (kind == ARGW_INPUT) {
            if (a >= 0 && a < inputs) {
                value = slot_value(f->reader, words[a], a - inputs);
            }
        }
        else if (kind == ARGW_CONSTANT) {
            PyObject *source = PyTuple_GET_ITEM(spec, i);
            if (PyTuple_CheckExact(source) && PyTuple_GET_SIZE(source) == 1) {
                value = Py_NewRef(PyTuple_GET_ITEM(source, 0));
            }
        }
        else if (kind == ARGW_SLICE) {
            /* builtins.slice(start, stop) of two stack inputs */
            PyObject *start = a >= 0 && a < inputs ? slot_value(f->reader, words[a], a - inputs) : NULL;
            PyObject *stop = start != NULL && b >= 0 && b < inputs ? slot_value(f->reader, words[b], b - inputs) : NULL;
            if (stop != NULL && start != f->reader->null && stop != f->reader->null) {
                if (n == slice_at) {
                    items[n++] = start;
                    items[n++] = stop;
                    continue;
                }
                value = PySlice_New(start, stop, NULL);
            }
            Py_XDECREF(start);
            Py_XDECREF(stop);
        }
        if (value == NULL) {
            goto fallback;
        }
        items[n++] = value;
    }
    if (pw[PW_KEYWORDS] != PW_NO_KEYWORDS) {
        Py_ssize_t k = pw[PW_KEYWORDS];
        PyObject *names = NULL;
        if (k == KW_NAMES_STATE) {
            if (SLOT_OF(st, f->st_kw_names) != Py_None) {
                goto fallback;  /* KW_NAMES named the last arguments: Engine splits them */
            }
        }
        else if (k >= 0 && k < inputs && (names = slot_value(f->reader, words[k], k - inputs)) != NULL) {
            /* the last len(names) arguments are keyword arguments (rt.split_trailing_keywords) */
            Py_ssize_t count = PyTuple_CheckExact(names) ? PyTuple_GET_SIZE(names) : -1;
            Py_ssize_t cut = n - count;
            if (count < 0 || cut < 0) {
                Py_DECREF(names);
                goto fallback;
            }
            if (count > 0) {
                kwargs = PyDict_New();
                for (Py_ssize_t m = 0; kwargs != NULL && m < count; m++) {
                    if (PyDict_SetItem(kwargs, PyTuple_GET_ITEM(names, m), items[cut + m]) < 0) {
                        Py_CLEAR(kwargs);
                    }
                }
                if (kwargs == NULL) {
                    Py_DECREF(names);
                    goto fallback;
                }
                while (n > cut) {
                    Py_DECREF(items[--n]);
                }
            }
            Py_DECREF(names);
        }
        else {
            goto fallback;
        }
    }
    if (f->stores != NULL && unit->fall_local >= 0) {
        PyObject *fallthrough = PyTuple_GET_ITEM(plan, PLAN_FALLTHROUGH);
        if (PyList_Append(f->stores, (PyObject *)ev->frame) < 0) {
            goto fallback;  /* (Python adds it again, or fails alike) */
        }
        if (PyList_Append(f->stores, fallthrough) < 0) {
            Py_ssize_t size = PyList_GET_SIZE(f->stores);
            PyList_SetSlice(f->stores, size - 1, size, NULL);
            goto fallback;
        }
    }
    call->plan = Py_NewRef(plan);
    call->unit = unit;
    call->fn = fn;
    call->self = fn_self;
    call->kwargs = kwargs;
    call->n_args = n;
    call->slice_at = slice_at;
    Py_XDECREF(first);
    Py_XDECREF(second);
    return fast_put_started(f, st, call);

fallback:
    /* the translator reads again, and reports what does not read */
    PyErr_Clear();
    if (call != NULL) {
        fast_unfill(f, call, n);
    }
    Py_XDECREF(fn);
    Py_XDECREF(fn_self);
    Py_XDECREF(kwargs);
    Py_XDECREF(first);
    Py_XDECREF(second);
    return FAST_CONTINUE;
}

/* At an instruction event of a traced frame whose state is st (of state_type): FAST_DONE if
 * nothing is left for Engine.instruction, else FAST_CONTINUE (a started call may be left for it). */
static int
fast_event(FastObject *f, PyFrameObject *frame, PyObject *st, int lasti, StateCache *cache)
{
    PyObject *started = SLOT_OF(st, f->st_call);
    if (started == NULL) {
        return FAST_CONTINUE;
    }
    PyCodeObject *code = cache->frame == (PyObject *)frame ? cache->code : frame_code(frame);
    if (cache->frame != (PyObject *)frame || !cache->has_code_data) {
        cache->code_data = fast_code(f, code);
        cache->has_code_data = cache->frame == (PyObject *)frame;
    }
    FastEvent ev = {frame, code, cache, lasti, cache->code_data, -1, 0, 0, 0};
    if (started != Py_None) {
        int completed = fast_complete(f, &ev, st);
        if (completed != FAST_DONE) {
            return completed == FAST_WAITING ? FAST_DONE : FAST_CONTINUE;
        }
    }
    if (SLOT_OF(st, f->st_pending) != Py_None) {
        return FAST_CONTINUE;
    }
    return fast_start(f, &ev, st);
}

/* Engine.state_for in C: the frame's state, made (a copy of the template with fresh dicts and the
 * code's _CodeInfo) if it has none.  Borrowed from states; NULL with an error. */
static PyObject *
fast_state_for(FastObject *f, PyFrameObject *frame)
{
    PyObject *st = PyDict_GetItem(f->states, (PyObject *)frame);
    if (st != NULL) {
        return st;
    }
    PyCodeObject *code = frame_code(frame);
    Slot *s = table_find(&f->infos, (PyObject *)code);
    if (s == NULL) {
        PyObject *info = PyObject_CallOneArg(f->info_for, (PyObject *)code);
        if (info == NULL) {
            return NULL;
        }
        s = table_put(&f->infos, (PyObject *)code, info);
        Py_DECREF(info);
        if (s == NULL) {
            return NULL;
        }
    }
    st = f->state_type->tp_alloc(f->state_type, 0);
    if (st == NULL) {
        return NULL;
    }
    for (int i = 0; i < f->n_state_slots; i++) {
        Py_ssize_t offset = f->state_slots[i];
        PyObject *value = SLOT_OF(f->template, offset);
        if (offset == f->st_info) {
            value = Py_NewRef(s->value);
        }
        else if (value != NULL && PyDict_CheckExact(value)) {
            value = PyDict_New();
        }
        else {
            Py_XINCREF(value);
        }
        if (value == NULL && PyErr_Occurred()) {
            Py_DECREF(st);
            return NULL;
        }
        SLOT_OF(st, offset) = value;
    }
    int failed = PyDict_SetItem(f->states, (PyObject *)frame, st);
    Py_DECREF(st);
    if (failed) {
        return NULL;
    }
    f->states_made++;
    return PyDict_GetItem(f->states, (PyObject *)frame);
}

/* Engine.frame_exit in C when the state has no display open or under construction: 1 if the
 * state was dropped, 0 if Engine must see the exit (-1: error). */
static int
fast_drop_state(FastObject *f, PyFrameObject *frame)
{
    PyObject *st = PyDict_GetItem(f->states, (PyObject *)frame);
    if (st == NULL) {
        return 1;  /* nothing to do: Engine.frame_exit would find no state either */
    }
    if (Py_TYPE(st) != f->state_type) {
        return 0;
    }
    for (Py_ssize_t i = f->stores != NULL ? PyList_GET_SIZE(f->stores) - 2 : -1; i >= 0; i -= 2) {
        if (PyList_GET_ITEM(f->stores, i) == (PyObject *)frame) {
            return 0;  /* (left by an error: Engine.frame_exit forgets it) */
        }
    }
    PyObject *building = SLOT_OF(st, f->st_building), *displays = SLOT_OF(st, f->st_displays);
    if (building == NULL || displays == NULL || !PyDict_CheckExact(building) || !PyDict_CheckExact(displays)
            || PyDict_GET_SIZE(building) || PyDict_GET_SIZE(displays)) {
        return 0;
    }
    if (PyDict_DelItem(f->states, (PyObject *)frame) < 0) {
        return -1;
    }
    f->states_dropped++;
    return 1;
}

/* A call started here and not completed yet (Engine adopts it at its next event). */
static inline int
fast_pending(FastObject *f, PyObject *st)
{
    if (f == NULL) {
        return 0;
    }
    PyObject *started = SLOT_OF(st, f->st_call);
    return started != NULL && started != Py_None;
}

static PyObject *
fast_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"reader", "plans_for", "calls", "internal_errors", "record_type", "state_type",
                             "bind", "hidden", "states", "info_for", "template", "build_list", "stores", NULL};
    PyObject *reader, *plans_for, *calls, *internal_errors, *record_type, *state_type, *bind, *hidden;
    PyObject *state_dict, *info_for, *template, *build_list, *stores = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OOO!O!O!OOO!OOO|O:FastLane", kwlist, &Reader_Type, &reader,
                                     &plans_for, &calls, &PyList_Type, &internal_errors,
                                     &PyType_Type, &record_type, &PyType_Type, &state_type, &bind, &hidden,
                                     &PyDict_Type, &state_dict, &info_for, &template, &build_list, &stores)) {
        return NULL;
    }
    if (stores != Py_None && !PyList_CheckExact(stores)) {
        PyErr_SetString(PyExc_TypeError, "stores must be a list or None");
        return NULL;
    }
    if (Py_TYPE(template) != (PyTypeObject *)state_type) {
        PyErr_SetString(PyExc_TypeError, "template must be a state_type instance");
        return NULL;
    }
    FastObject *f = (FastObject *)type->tp_alloc(type, 0);
    if (f == NULL) {
        return NULL;
    }
    PyObject *iterator = PyObject_GetIter(hidden), *item;
    if (iterator == NULL) {
        Py_DECREF(f);
        return NULL;
    }
    while ((item = PyIter_Next(iterator)) != NULL) {
        Slot *slot = PyCode_Check(item) ? table_put(&f->hidden, item, NULL) : NULL;
        Py_DECREF(item);
        if (slot == NULL) {
            Py_DECREF(iterator);
            Py_DECREF(f);
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "hidden must hold code objects");
            }
            return NULL;
        }
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred()) {
        Py_DECREF(f);
        return NULL;
    }
    PyTypeObject *records = (PyTypeObject *)record_type, *states = (PyTypeObject *)state_type;
    for (int i = 0; i < REC_SIZE; i++) {
        if ((f->record[i] = member_offset(records, record_fields[i])) < 0) {
            Py_DECREF(f);
            return NULL;
        }
    }
    if (records->tp_new != PyBaseObject_Type.tp_new || records->tp_alloc == NULL) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_TypeError, "record_type must be created by object.__new__");
        return NULL;
    }
    if ((f->st_pending = member_offset(states, "pending")) < 0
            || (f->st_call = member_offset(states, "fast_call")) < 0
            || (f->st_kw_names = member_offset(states, "kw_names")) < 0
            || (f->st_building = member_offset(states, "building")) < 0
            || (f->st_displays = member_offset(states, "displays")) < 0
            || (f->st_match_values = member_offset(states, "match_values")) < 0
            || (f->st_match_subject = member_offset(states, "match_subject")) < 0
            || (f->st_info = member_offset(states, "info")) < 0) {
        Py_DECREF(f);
        return NULL;
    }
    /* every slot of a state, from __slots__ (a state made here has each one set) */
    PyObject *names = PyObject_GetAttrString(state_type, "__slots__");
    if (names == NULL || !PyTuple_Check(names) || PyTuple_GET_SIZE(names) > 32) {
        Py_XDECREF(names);
        Py_DECREF(f);
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "state_type.__slots__ must be a tuple of at most 32 names");
        }
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(names, i));
        Py_ssize_t offset = name != NULL ? member_offset(states, name) : -1;
        if (offset < 0) {
            Py_DECREF(names);
            Py_DECREF(f);
            return NULL;
        }
        f->state_slots[f->n_state_slots++] = offset;
    }
    Py_DECREF(names);
    /* a CallLog is appended to here; anything else (a stream to a sink) appends and moves itself */
    if (Py_TYPE(calls) == &Log_Type) {
        f->log = (LogObject *)calls;  /* (f->calls holds the reference) */
    }
    else if ((f->append = PyObject_GetAttrString(calls, "append")) == NULL
             || (f->move_to_end = PyObject_GetAttrString(calls, "move_to_end")) == NULL) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "calls must be a CallLog or have append and move_to_end, got %.100s",
                     Py_TYPE(calls)->tp_name);
        Py_DECREF(f);
        return NULL;
    }
    f->reader = (ReaderObject *)Py_NewRef(reader);
    f->plans_for = Py_NewRef(plans_for);
    f->calls = Py_NewRef(calls);
    f->internal_errors = Py_NewRef(internal_errors);
    f->bind = Py_NewRef(bind);
    f->build_list = Py_NewRef(build_list);
    f->states = Py_NewRef(state_dict);
    f->info_for = Py_NewRef(info_for);
    f->template = Py_NewRef(template);
    f->stores = stores == Py_None ? NULL : Py_NewRef(stores);
    f->record_type = (PyTypeObject *)Py_NewRef(record_type);
    f->state_type = (PyTypeObject *)Py_NewRef(state_type);
    if (SLOT_OF(template, f->st_call) != Py_None) {
        PyErr_SetString(PyExc_TypeError, "template.fast_call must be None");
        Py_DECREF(f);
        return NULL;
    }
    return (PyObject *)f;
}

static int
fast_traverse(FastObject *f, visitproc visit, void *arg)
{
    Py_VISIT(f->reader);
    Py_VISIT(f->plans_for);
    Py_VISIT(f->calls);
    Py_VISIT(f->append);
    Py_VISIT(f->internal_errors);
    Py_VISIT(f->bind);
    Py_VISIT(f->build_list);
    Py_VISIT(f->move_to_end);
    Py_VISIT(f->states);
    Py_VISIT(f->info_for);
    Py_VISIT(f->template);
    for (int i = 0; i < f->n_spare_calls; i++) {
        Py_VISIT(f->spare_calls[i]);
    }
    Py_VISIT(f->stores);
    Py_VISIT(f->record_type);
    Py_VISIT(f->state_type);
    return table_traverse(&f->plans, visit, arg) || table_traverse(&f->hidden, visit, arg)
        || table_traverse(&f->infos, visit, arg);
}

static int
fast_clear(FastObject *f)
{
    Py_CLEAR(f->reader);
    Py_CLEAR(f->plans_for);
    Py_CLEAR(f->calls);
    Py_CLEAR(f->append);
    Py_CLEAR(f->internal_errors);
    Py_CLEAR(f->bind);
    Py_CLEAR(f->build_list);
    Py_CLEAR(f->move_to_end);
    Py_CLEAR(f->states);
    Py_CLEAR(f->info_for);
    Py_CLEAR(f->template);
    while (f->n_spare_calls > 0) {
        Py_CLEAR(f->spare_calls[--f->n_spare_calls]);
    }
    Py_CLEAR(f->stores);
    Py_CLEAR(f->record_type);
    Py_CLEAR(f->state_type);
    table_clear(&f->plans);
    table_clear(&f->hidden);
    table_clear(&f->infos);
    return 0;
}

static void
fast_dealloc(FastObject *f)
{
    PyObject_GC_UnTrack(f);
    fast_clear(f);
    Py_TYPE(f)->tp_free((PyObject *)f);
}

static PyObject *
fast_stats(FastObject *f, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("{s:n,s:n,s:n,s:n}", "started", f->started, "completed", f->completed,
                         "states_made", f->states_made, "states_dropped", f->states_dropped);
}

static PyMethodDef fast_methods[] = {
    {"stats", (PyCFunction)fast_stats, METH_NOARGS, "{'started': n, 'completed': n} calls run here."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Fast_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sidefx._speedups.FastLane",
    .tp_basicsize = sizeof(FastObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Starts and completes the calls of simple rows in C (plans from Engine.fast_plans).",
    .tp_new = fast_new,
    .tp_dealloc = (destructor)fast_dealloc,
    .tp_traverse = (traverseproc)fast_traverse,
    .tp_clear = (inquiry)fast_clear,
    .tp_methods = fast_methods,
};

/* ================================================================================================
 * Tracer
 * ============================================================================================== */

typedef struct {
    PyObject_HEAD
    PyObject *states;          /* Engine.states: frame -> _FrameState */
    PyObject *on_call;         /* Engine.state_for(frame) */
    PyObject *on_instruction;  /* Engine.instruction(frame, st, offset) */
    PyObject *on_exception;    /* Engine.exception(frame, st, exc) */
    PyObject *on_exit;         /* Engine.frame_exit(frame) */
    PyObject *bitmap_for;      /* code -> bytes: nonzero at offset // 2 where a translator runs */
    PyTypeObject *state_type;  /* _FrameState; its `pending` slot is read directly */
    Py_ssize_t pending_offset;
    FastObject *fast;          /* or NULL: every call goes through Engine.instruction */
    int trace_first;           /* 3.13+: set f_trace before f_trace_opcodes */
    int active;
    PtrTable own;              /* the traced code objects */
    PtrTable bitmaps;          /* code -> bitmap */
    Py_tracefunc saved_func;   /* the trace function installed before start() */
    PyObject *saved_obj;
    Py_ssize_t forwarded;      /* opcode events handed to the engine (statistics for tests) */
    Py_ssize_t skipped;        /* opcode events answered here */
    StateCache cache;
} TracerObject;

static PyObject *str_f_trace, *str_f_trace_opcodes, *str_f_trace_lines;

static inline PyObject *
pending_of(TracerObject *t, PyObject *st)  /* borrowed; NULL if unknown */
{
    if (Py_TYPE(st) != t->state_type) {
        return NULL;
    }
    return *(PyObject **)((char *)st + t->pending_offset);
}

static const unsigned char *
bitmap(TracerObject *t, PyCodeObject *code, Py_ssize_t *size)
{
    Slot *s = table_find(&t->bitmaps, (PyObject *)code);
    if (s == NULL) {
        PyObject *bits = PyObject_CallFunctionObjArgs(t->bitmap_for, (PyObject *)code, NULL);
        if (bits == NULL) {
            return NULL;
        }
        if (!PyBytes_CheckExact(bits)) {
            Py_DECREF(bits);
            PyErr_SetString(PyExc_TypeError, "bitmap_for must return bytes");
            return NULL;
        }
        s = table_put(&t->bitmaps, (PyObject *)code, bits);
        Py_DECREF(bits);
        if (s == NULL) {
            return NULL;
        }
    }
    if (t->cache.frame != NULL && (PyObject *)frame_code((PyFrameObject *)t->cache.frame) == (PyObject *)code) {
        t->cache.code_map = s->value;  /* (the table holds it while the tracer lives) */
    }
    *size = PyBytes_GET_SIZE(s->value);
    return (const unsigned char *)PyBytes_AS_STRING(s->value);
}

static int
tracer_fail(void)
{
    /* What sys.settrace's trampoline does when the Python trace function raises. */
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyEval_SetTrace(NULL, NULL);
    PyErr_Restore(type, value, traceback);
    return -1;
}

static int
tracer_trace(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
    TracerObject *t = (TracerObject *)obj;
    if (!t->active) {
        return 0;
    }
    PyObject *result;
    switch (what) {
    case PyTrace_OPCODE: {
        PyObject *st = cached_state(&t->cache, t->states, frame);  /* borrowed */
        if (st == NULL) {
            return 0;
        }
        int lasti = frame_lasti(frame);
        if (t->fast != NULL && Py_TYPE(st) == t->state_type && lasti >= 0) {
            Py_INCREF(st);  /* fast_event may run Python (appending to a stream, a code's plans) */
            int done = fast_event(t->fast, frame, st, lasti, &t->cache) == FAST_DONE;
            Py_DECREF(st);
            if (done) {
                t->skipped++;
                return 0;
            }
            /* (any Python fast_event ran left states as they were: the cached state stands) */
            st = cached_state(&t->cache, t->states, frame);
            if (st == NULL) {
                return 0;
            }
        }
        if (pending_of(t, st) == Py_None && !fast_pending(t->fast, st) && lasti >= 0) {
            /* bitmap() may run Python (once per code object, never touching states) */
            Py_ssize_t size;
            const unsigned char *bits;
            if (t->cache.code_map != NULL && t->cache.frame == (PyObject *)frame) {
                size = PyBytes_GET_SIZE(t->cache.code_map);
                bits = (const unsigned char *)PyBytes_AS_STRING(t->cache.code_map);
            }
            else if ((bits = bitmap(t, frame_code(frame), &size)) == NULL) {
                return tracer_fail();
            }
            if ((lasti >> 1) < size && !bits[lasti >> 1]) {
                t->skipped++;
                return 0;
            }
            st = cached_state(&t->cache, t->states, frame);
            if (st == NULL) {
                return 0;
            }
        }
        t->forwarded++;
        PyObject *offset = PyLong_FromLong(lasti);
        if (offset == NULL) {
            return tracer_fail();
        }
        Py_INCREF(st);
        forget_state(&t->cache);  /* the engine may make or drop states */
        PyObject *call_args[3] = {(PyObject *)frame, st, offset};
        result = CALL_VECTOR(t->on_instruction, call_args, 3, NULL);
        Py_DECREF(st);
        Py_DECREF(offset);
        break;
    }
    case PyTrace_CALL: {
        forget_state(&t->cache);
        Slot *own = table_find(&t->own, (PyObject *)frame_code(frame));
        if (own == NULL) {
            return 0;
        }
#if PY_VERSION_HEX < 0x03090000
        /* 3.8 aborts the process ("Cannot recover from stack overflow") when any trace function
         * runs in frames past the recursion limit: frames that deep are left untraced. */
        if (PyThreadState_Get()->recursion_depth > Py_GetRecursionLimit() - RECURSION_MARGIN) {
            return 0;
        }
#endif
        if (t->fast != NULL) {
            if (fast_state_for(t->fast, frame) == NULL) {
                return tracer_fail();
            }
        }
        else {
            PyObject *call_args[1] = {(PyObject *)frame};
            result = CALL_VECTOR(t->on_call, call_args, 1, NULL);
            if (result == NULL) {
                return tracer_fail();
            }
            Py_DECREF(result);
        }
        if (t->trace_first) {
            if (PyObject_SetAttr((PyObject *)frame, str_f_trace, obj) < 0) {
                return tracer_fail();
            }
            if (own->value == NULL) {
                /* First call of this code in this run: switch its opcode events off and on
                 * again, as SettraceBackend does (3.13/3.14 lose them on a code object whose
                 * sys.monitoring local events another tool set and cleared since). */
                Py_INCREF(Py_True);
                own->value = Py_True;
                if (PyObject_SetAttr((PyObject *)frame, str_f_trace_opcodes, Py_False) < 0) {
                    return tracer_fail();
                }
            }
        }
        /* opcode events are all the engine needs: line events would only cost a call each */
        if (PyObject_SetAttr((PyObject *)frame, str_f_trace_lines, Py_False) < 0
                || PyObject_SetAttr((PyObject *)frame, str_f_trace_opcodes, Py_True) < 0) {
            return tracer_fail();
        }
        return 0;
    }
    case PyTrace_EXCEPTION: {
        forget_state(&t->cache);
        PyObject *st = PyDict_GetItem(t->states, (PyObject *)frame);
        if (st == NULL) {
            return 0;
        }
        PyObject *exc = Py_None;
        if (arg != NULL && PyTuple_Check(arg) && PyTuple_GET_SIZE(arg) >= 2) {
            exc = PyTuple_GET_ITEM(arg, 1);
        }
        Py_INCREF(st);
        PyObject *call_args[3] = {(PyObject *)frame, st, exc};
        result = CALL_VECTOR(t->on_exception, call_args, 3, NULL);
        Py_DECREF(st);
        break;
    }
    case PyTrace_RETURN: {
        forget_state(&t->cache);
        if (PyDict_GetItem(t->states, (PyObject *)frame) == NULL) {
            return 0;
        }
        if (t->fast != NULL) {
            int dropped = fast_drop_state(t->fast, frame);
            if (dropped < 0) {
                return tracer_fail();
            }
            if (dropped) {
                return 0;
            }
        }
        PyObject *call_args[1] = {(PyObject *)frame};
        result = CALL_VECTOR(t->on_exit, call_args, 1, NULL);
        break;
    }
    default:
        return 0;  /* (line events: nothing changes states) */
    }
    if (result == NULL) {
        return tracer_fail();
    }
    Py_DECREF(result);
    return 0;
}

static PyObject *
tracer_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"states", "on_call", "on_instruction", "on_exception", "on_exit",
                             "bitmap_for", "own", "state_type", "pending", "trace_first", "fast", NULL};
    PyObject *states, *on_call, *on_instruction, *on_exception, *on_exit, *bitmap_for, *own;
    PyObject *state_type, *pending, *fast = Py_None;
    int trace_first;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OOOOOOO!Op|O:Tracer", kwlist,
                                     &PyDict_Type, &states, &on_call, &on_instruction,
                                     &on_exception, &on_exit, &bitmap_for, &own,
                                     &PyType_Type, &state_type, &pending, &trace_first, &fast)) {
        return NULL;
    }
    if (fast != Py_None && (Py_TYPE(fast) != &Fast_Type || ((FastObject *)fast)->state_type != (PyTypeObject *)state_type)) {
        PyErr_SetString(PyExc_TypeError, "fast must be None or a FastLane for state_type");
        return NULL;
    }
    /* `pending` is the slot descriptor _FrameState.pending: its offset is read directly. */
    if (Py_TYPE(pending) != &PyMemberDescr_Type
            || ((PyMemberDescrObject *)pending)->d_member->type != Py_T_OBJECT_EX
            || ((PyMemberDescrObject *)pending)->d_common.d_type != (PyTypeObject *)state_type) {
        PyErr_SetString(PyExc_TypeError, "pending must be the __slots__ member of state_type");
        return NULL;
    }
    TracerObject *t = (TracerObject *)type->tp_alloc(type, 0);
    if (t == NULL) {
        return NULL;
    }
    t->pending_offset = ((PyMemberDescrObject *)pending)->d_member->offset;
    PyObject *iterator = PyObject_GetIter(own);
    if (iterator == NULL) {
        Py_DECREF(t);
        return NULL;
    }
    PyObject *item;
    while ((item = PyIter_Next(iterator)) != NULL) {
        if (!PyCode_Check(item)) {
            Py_DECREF(item);
            Py_DECREF(iterator);
            Py_DECREF(t);
            PyErr_SetString(PyExc_TypeError, "own must hold code objects");
            return NULL;
        }
        Slot *s = table_put(&t->own, item, NULL);
        Py_DECREF(item);
        if (s == NULL) {
            Py_DECREF(iterator);
            Py_DECREF(t);
            return NULL;
        }
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred()) {
        Py_DECREF(t);
        return NULL;
    }
    Py_INCREF(states);
    t->states = states;
    Py_INCREF(on_call);
    t->on_call = on_call;
    Py_INCREF(on_instruction);
    t->on_instruction = on_instruction;
    Py_INCREF(on_exception);
    t->on_exception = on_exception;
    Py_INCREF(on_exit);
    t->on_exit = on_exit;
    Py_INCREF(bitmap_for);
    t->bitmap_for = bitmap_for;
    Py_INCREF(state_type);
    t->state_type = (PyTypeObject *)state_type;
    t->fast = fast == Py_None ? NULL : (FastObject *)Py_NewRef(fast);
    t->trace_first = trace_first;
    return (PyObject *)t;
}

static void
tracer_release(TracerObject *t)
{
    forget_state(&t->cache);
    Py_CLEAR(t->states);
    Py_CLEAR(t->on_call);
    Py_CLEAR(t->on_instruction);
    Py_CLEAR(t->on_exception);
    Py_CLEAR(t->on_exit);
    Py_CLEAR(t->bitmap_for);
    Py_CLEAR(t->state_type);
    Py_CLEAR(t->fast);
    table_clear(&t->own);
    table_clear(&t->bitmaps);
}

static PyObject *
tracer_start(TracerObject *t, PyObject *Py_UNUSED(ignored))
{
    if (t->active || t->states == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a Tracer can be started once");
        return NULL;
    }
    PyThreadState *tstate = PyThreadState_Get();
    t->saved_func = tstate->c_tracefunc;
    t->saved_obj = tstate->c_traceobj;
    Py_XINCREF(t->saved_obj);
    t->active = 1;
    PyEval_SetTrace(tracer_trace, (PyObject *)t);
    if (PyErr_Occurred()) {  /* 3.12+: an audit hook may refuse */
        t->active = 0;
        Py_CLEAR(t->saved_obj);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
tracer_stop(TracerObject *t, PyObject *Py_UNUSED(ignored))
{
    /* Restores exactly the (C-level) trace function found by start(), then lets go of the
     * engine: frames still holding this object as f_trace (suspended generators) keep a
     * harmless husk. */
    if (t->active) {
        t->active = 0;
        PyObject *saved = t->saved_obj;
        t->saved_obj = NULL;
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyEval_SetTrace(t->saved_func, saved);
        Py_XDECREF(saved);
        if (PyErr_Occurred()) {
            Py_XDECREF(type);
            Py_XDECREF(value);
            Py_XDECREF(traceback);
            tracer_release(t);
            return NULL;
        }
        PyErr_Restore(type, value, traceback);
    }
    tracer_release(t);
    Py_RETURN_NONE;
}

static PyObject *
tracer_stats(TracerObject *t, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("{s:n,s:n}", "forwarded", t->forwarded, "skipped", t->skipped);
}

static PyObject *
tracer_call(PyObject *self, PyObject *args, PyObject *kwds)
{
    /* As frame.f_trace (3.13+ needs one for opcode events): never called while this tracer is
     * installed; a Python-level tracer installed later would see a tracer that does nothing. */
    Py_RETURN_NONE;
}

static int
tracer_traverse(TracerObject *t, visitproc visit, void *arg)
{
    Py_VISIT(t->states);
    Py_VISIT(t->on_call);
    Py_VISIT(t->on_instruction);
    Py_VISIT(t->on_exception);
    Py_VISIT(t->on_exit);
    Py_VISIT(t->bitmap_for);
    Py_VISIT(t->state_type);
    Py_VISIT(t->fast);
    Py_VISIT(t->saved_obj);
    Py_VISIT(t->cache.frame);
    Py_VISIT(t->cache.state);
    if (table_traverse(&t->own, visit, arg) || table_traverse(&t->bitmaps, visit, arg)) {
        return -1;
    }
    return 0;
}

static int
tracer_clear(TracerObject *t)
{
    tracer_release(t);
    Py_CLEAR(t->saved_obj);
    return 0;
}

static void
tracer_dealloc(TracerObject *t)
{
    PyObject_GC_UnTrack(t);
    tracer_clear(t);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

static PyMethodDef tracer_methods[] = {
    {"start", (PyCFunction)tracer_start, METH_NOARGS, "Install this tracer (PyEval_SetTrace) on this thread."},
    {"stop", (PyCFunction)tracer_stop, METH_NOARGS, "Reinstall the trace function start() found; release the engine."},
    {"stats", (PyCFunction)tracer_stats, METH_NOARGS, "{'forwarded': n, 'skipped': n} opcode events."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Tracer_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sidefx._speedups.Tracer",
    .tp_basicsize = sizeof(TracerObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "C trace function with the semantics of sidefx._backends.SettraceBackend.",
    .tp_new = tracer_new,
    .tp_dealloc = (destructor)tracer_dealloc,
    .tp_traverse = (traverseproc)tracer_traverse,
    .tp_clear = (inquiry)tracer_clear,
    .tp_call = tracer_call,
    .tp_methods = tracer_methods,
};

/* ================================================================================================
 * MonitorHook (3.12+): the INSTRUCTION callback of sidefx._backends.MonitoringBackend in C
 * ============================================================================================== */

#if PY_VERSION_HEX >= 0x030C0000

/* Bits of the per-code monitoring map, one byte per code unit. */
#define HOOK_STEP 1    /* a translator runs here: hand the event to the engine */
#define HOOK_WANTED 2  /* keep the event (else DISABLE it after this first one) */
#define HOOK_DEFERRED 4  /* a result landing here is read further on: DISABLE even after reading one */

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *states;          /* Engine.states */
    PyObject *on_state;        /* Engine.state_for(frame) */
    PyObject *on_instruction;  /* Engine.instruction(frame, st, offset) */
    PyObject *map_for;         /* code -> bytes of HOOK_* bits */
    PyObject *fallback;        /* MonitoringBackend.on_instruction: anything unusual */
    PyObject *exit_fallback;   /* MonitoringBackend.on_exit: exits exit() leaves to Engine, or NULL */
    PyObject *settle;          /* Engine.settle_stores, or NULL */
    PyObject *stores;          /* Engine.stores (a list), or NULL */
    PyObject *disable;         /* sys.monitoring.DISABLE */
    PyTypeObject *state_type;
    Py_ssize_t pending_offset;
    FastObject *fast;          /* or NULL */
    PtrTable maps;
    Py_ssize_t forwarded;
    Py_ssize_t skipped;
    StateCache cache;
} HookObject;

static PyObject *
hook_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    HookObject *h = (HookObject *)callable;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (h->states == NULL || nargs != 2 || kwnames != NULL || !PyLong_CheckExact(args[1])) {
        forget_state(&h->cache);
        if (h->fallback == NULL) {
            Py_RETURN_NONE;
        }
        return PyObject_Vectorcall(h->fallback, args, nargsf, kwnames);
    }
    PyObject *code = args[0];
    /* (an offset is a compact int: read as such, without PyLong_AsLong's checks) */
    long offset = PyUnstable_Long_IsCompact((PyLongObject *)args[1])
                  ? (long)PyUnstable_Long_CompactValue((PyLongObject *)args[1]) : PyLong_AsLong(args[1]);
    PyFrameObject *frame = PyEval_GetFrame();  /* borrowed: the frame executing the instruction */
    if (frame == NULL || offset < 0
            || (PyObject *)(h->cache.frame == (PyObject *)frame ? h->cache.code : frame_code(frame)) != code) {
        forget_state(&h->cache);
        if (PyErr_Occurred()) {
            return NULL;
        }
        return PyObject_Vectorcall(h->fallback, args, nargsf, kwnames);
    }
    PyObject *stores = h->stores;
    Py_ssize_t waiting = stores != NULL ? PyList_GET_SIZE(stores) : 0;
    if (waiting >= 2 && h->settle != NULL && PyList_GET_ITEM(stores, waiting - 2) != (PyObject *)frame
            && PyFrame_Check(PyList_GET_ITEM(stores, waiting - 2))
            && frame_lasti((PyFrameObject *)PyList_GET_ITEM(stores, waiting - 2))
               == PyLong_AsLong(PyList_GET_ITEM(stores, waiting - 1))) {
        /* another frame runs the store of its call's result (Engine.settle_stores) */
        forget_state(&h->cache);
        PyObject *call_args[1] = {(PyObject *)frame};
        PyObject *settled = PyObject_Vectorcall(h->settle, call_args, 1, NULL);
        if (settled == NULL) {
            return NULL;
        }
        Py_DECREF(settled);
    }
    PyObject *st = cached_state(&h->cache, h->states, frame);
    if (st != NULL) {
        Py_INCREF(st);
    }
    else if (h->fast != NULL) {
        st = fast_state_for(h->fast, frame);
        if (st == NULL) {
            return NULL;
        }
        Py_INCREF(st);
    }
    else {
        forget_state(&h->cache);
        PyObject *call_args[1] = {(PyObject *)frame};
        st = PyObject_Vectorcall(h->on_state, call_args, 1, NULL);
        if (st == NULL) {
            return NULL;
        }
    }
    PyObject *map_bytes = h->cache.frame == (PyObject *)frame ? h->cache.code_map : NULL;
    Slot *s = map_bytes != NULL ? NULL : table_find(&h->maps, code);
    if (map_bytes == NULL && s == NULL) {
        PyObject *map = PyObject_CallFunctionObjArgs(h->map_for, code, NULL);
        if (map == NULL) {
            Py_DECREF(st);
            return NULL;
        }
        if (!PyBytes_CheckExact(map)) {
            Py_DECREF(map);
            Py_DECREF(st);
            PyErr_SetString(PyExc_TypeError, "map_for must return bytes");
            return NULL;
        }
        s = table_put(&h->maps, code, map);
        Py_DECREF(map);
        if (s == NULL) {
            Py_DECREF(st);
            return NULL;
        }
    }
    if (map_bytes == NULL) {
        map_bytes = s->value;
        if (h->cache.frame == (PyObject *)frame) {
            h->cache.code_map = map_bytes;  /* (the table holds it while the hook lives) */
        }
    }
    unsigned char bits = HOOK_STEP | HOOK_WANTED;  /* outside the map: behave as the fallback */
    if ((offset >> 1) < PyBytes_GET_SIZE(map_bytes)) {
        bits = (unsigned char)PyBytes_AS_STRING(map_bytes)[offset >> 1];
    }
    int own_state = Py_TYPE(st) == h->state_type;
    PyObject *pending = own_state ? *(PyObject **)((char *)st + h->pending_offset) : NULL;
    /* a result is read here: the event stays observed (a FOR_ITER landing site) */
    int completes = !(bits & (HOOK_DEFERRED | HOOK_WANTED))
                    && (pending != Py_None || (own_state && fast_pending(h->fast, st)));
    if (h->fast != NULL && own_state && fast_event(h->fast, frame, st, (int)offset, &h->cache) == FAST_DONE) {
        h->skipped++;
    }
    else if (pending != Py_None || (own_state && fast_pending(h->fast, st)) || (bits & HOOK_STEP)) {
        h->forwarded++;
        forget_state(&h->cache);  /* the engine may make or drop states */
        PyObject *call_args[3] = {(PyObject *)frame, st, args[1]};
        PyObject *result = PyObject_Vectorcall(h->on_instruction, call_args, 3, NULL);
        if (result == NULL) {
            Py_DECREF(st);
            return NULL;
        }
        Py_DECREF(result);
    }
    else {
        h->skipped++;
    }
    Py_DECREF(st);
    if (!(bits & HOOK_WANTED) && !completes) {
        Py_INCREF(h->disable);
        return h->disable;
    }
    Py_RETURN_NONE;
}

static PyObject *
hook_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"states", "on_state", "on_instruction", "map_for", "fallback",
                             "disable", "state_type", "pending", "fast", "exit_fallback", "settle", "stores",
                             NULL};
    PyObject *states, *on_state, *on_instruction, *map_for, *fallback, *disable, *state_type, *pending;
    PyObject *fast = Py_None, *exit_fallback = Py_None, *settle = Py_None, *stores = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OOOOOO!O|OOOO:MonitorHook", kwlist, &PyDict_Type,
                                     &states, &on_state, &on_instruction, &map_for, &fallback,
                                     &disable, &PyType_Type, &state_type, &pending, &fast, &exit_fallback, &settle, &stores)) {
        return NULL;
    }
    if (fast != Py_None && (Py_TYPE(fast) != &Fast_Type || ((FastObject *)fast)->state_type != (PyTypeObject *)state_type)) {
        PyErr_SetString(PyExc_TypeError, "fast must be None or a FastLane for state_type");
        return NULL;
    }
    if (Py_TYPE(pending) != &PyMemberDescr_Type
            || ((PyMemberDescrObject *)pending)->d_member->type != Py_T_OBJECT_EX
            || ((PyMemberDescrObject *)pending)->d_common.d_type != (PyTypeObject *)state_type) {
        PyErr_SetString(PyExc_TypeError, "pending must be the __slots__ member of state_type");
        return NULL;
    }
    if (stores != Py_None && !PyList_CheckExact(stores)) {
        PyErr_SetString(PyExc_TypeError, "stores must be a list or None");
        return NULL;
    }
    HookObject *h = (HookObject *)type->tp_alloc(type, 0);
    if (h == NULL) {
        return NULL;
    }
    h->vectorcall = hook_vectorcall;
    h->pending_offset = ((PyMemberDescrObject *)pending)->d_member->offset;
    h->states = Py_NewRef(states);
    h->on_state = Py_NewRef(on_state);
    h->on_instruction = Py_NewRef(on_instruction);
    h->map_for = Py_NewRef(map_for);
    h->fallback = Py_NewRef(fallback);
    h->disable = Py_NewRef(disable);
    h->state_type = (PyTypeObject *)Py_NewRef(state_type);
    h->fast = fast == Py_None ? NULL : (FastObject *)Py_NewRef(fast);
    h->exit_fallback = exit_fallback == Py_None ? NULL : Py_NewRef(exit_fallback);
    h->settle = settle == Py_None ? NULL : Py_NewRef(settle);
    h->stores = stores == Py_None ? NULL : Py_NewRef(stores);
    return (PyObject *)h;
}

static int
hook_traverse(HookObject *h, visitproc visit, void *arg)
{
    Py_VISIT(h->states);
    Py_VISIT(h->on_state);
    Py_VISIT(h->on_instruction);
    Py_VISIT(h->map_for);
    Py_VISIT(h->fallback);
    Py_VISIT(h->exit_fallback);
    Py_VISIT(h->settle);
    Py_VISIT(h->stores);
    Py_VISIT(h->disable);
    Py_VISIT(h->state_type);
    Py_VISIT(h->fast);
    Py_VISIT(h->cache.frame);
    Py_VISIT(h->cache.state);
    return table_traverse(&h->maps, visit, arg);
}

static int
hook_clear(HookObject *h)
{
    forget_state(&h->cache);
    Py_CLEAR(h->states);
    Py_CLEAR(h->on_state);
    Py_CLEAR(h->on_instruction);
    Py_CLEAR(h->map_for);
    Py_CLEAR(h->fallback);
    Py_CLEAR(h->exit_fallback);
    Py_CLEAR(h->settle);
    Py_CLEAR(h->stores);
    Py_CLEAR(h->disable);
    Py_CLEAR(h->state_type);
    Py_CLEAR(h->fast);
    table_clear(&h->maps);
    return 0;
}

static void
hook_dealloc(HookObject *h)
{
    PyObject_GC_UnTrack(h);
    hook_clear(h);
    Py_TYPE(h)->tp_free((PyObject *)h);
}

/* The PY_RETURN / PY_YIELD / PY_UNWIND callback: drops the frame's state here when nothing else is
 * due (fast_drop_state), else MonitoringBackend.on_exit does what it always does. */
static PyObject *
hook_exit(HookObject *h, PyObject *const *args, Py_ssize_t nargs)
{
    forget_state(&h->cache);
    if (h->states == NULL) {
        Py_RETURN_NONE;  /* released: the recording is over */
    }
    PyFrameObject *frame = PyEval_GetFrame();
    if (h->fast != NULL && nargs >= 1 && frame != NULL && (PyObject *)frame_code(frame) == args[0]) {
        int dropped = fast_drop_state(h->fast, frame);
        if (dropped < 0) {
            return NULL;
        }
        if (dropped) {
            Py_RETURN_NONE;
        }
    }
    if (h->exit_fallback == NULL) {
        Py_RETURN_NONE;
    }
    return PyObject_Vectorcall(h->exit_fallback, args, nargs, NULL);
}

static PyObject *
hook_release(HookObject *h, PyObject *Py_UNUSED(ignored))
{
    hook_clear(h);
    Py_RETURN_NONE;
}

static PyObject *
hook_stats(HookObject *h, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("{s:n,s:n}", "forwarded", h->forwarded, "skipped", h->skipped);
}

static PyMethodDef hook_methods[] = {
    {"release", (PyCFunction)hook_release, METH_NOARGS, "Let go of the engine (after the run)."},
    {"exit", (PyCFunction)(void (*)(void))hook_exit, METH_FASTCALL,
     "The PY_RETURN / PY_YIELD / PY_UNWIND callback (code, offset, value)."},
    {"stats", (PyCFunction)hook_stats, METH_NOARGS, "{'forwarded': n, 'skipped': n} events."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Hook_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sidefx._speedups.MonitorHook",
    .tp_basicsize = sizeof(HookObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "sys.monitoring INSTRUCTION callback with the semantics of MonitoringBackend.on_instruction.",
    .tp_new = hook_new,
    .tp_dealloc = (destructor)hook_dealloc,
    .tp_traverse = (traverseproc)hook_traverse,
    .tp_clear = (inquiry)hook_clear,
    .tp_vectorcall_offset = offsetof(HookObject, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_methods = hook_methods,
};

#endif  /* 3.12+ */

/* ================================================================================================ */

/* untrack(*objects): take the recorder's own records out of the cyclic garbage collector's view.
 * Records are only ever referenced by the recording (never part of a cycle the collector would
 * have to break), so the collector need not traverse them again and again as they pile up; a
 * record whose fields later gain a tracked object is re-tracked by CPython (dicts) or simply stays
 * reachable through the recording.  Objects that are not tracked are left alone. */
static PyObject *
speedups_untrack(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    /* Only types whose deallocation copes with an untracked object: some (bound methods, slices)
     * unlink themselves from the collector's list unconditionally, and would crash. */
    for (Py_ssize_t i = 0; i < nargs; i++) {
        PyTypeObject *type = Py_TYPE(args[i]);
        if (PyObject_IS_GC(args[i]) && !PyList_Check(args[i]) && !PyDict_Check(args[i]) && type != &Log_Type
                && !PyType_HasFeature(type, Py_TPFLAGS_HEAPTYPE)) {
            PyErr_Format(PyExc_TypeError, "untrack takes lists, dicts, CallLogs and instances of classes, "
                         "not %.100s", type->tp_name);
            return NULL;
        }
    }
    for (Py_ssize_t i = 0; i < nargs; i++) {
        if (PyObject_IS_GC(args[i])) {  /* PyObject_GC_UnTrack checks that it is tracked */
            PyObject_GC_UnTrack(args[i]);
        }
    }
    Py_RETURN_NONE;
}

/* track(*objects): give objects untracked above back to the collector (the recording's list once
 * the recording ends: from then on it is the caller's, and may well become part of a cycle). */
static PyObject *
speedups_track(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    for (Py_ssize_t i = 0; i < nargs; i++) {
        if (PyObject_IS_GC(args[i]) && !PyObject_GC_IsTracked(args[i])) {
            PyObject_GC_Track(args[i]);
        }
    }
    Py_RETURN_NONE;
}

/* track_records(records, record_type): the recorder hands records over (the recording ended, or a
 * sink receives them): each record of record_type in the list or tuple, its argument list and
 * its keyword dict go back into the collector's view, so cycles through them are garbage again
 * (a record's `raised` traceback may well reach a frame that holds the recording). */
static PyObject *
speedups_track_records(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !(PyList_Check(args[0]) || PyTuple_Check(args[0]) || Py_TYPE(args[0]) == &Log_Type)
            || !PyType_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "track_records(list, tuple or CallLog, record_type)");
        return NULL;
    }
    PyTypeObject *record_type = (PyTypeObject *)args[1];
    Py_ssize_t fields[2];
    if ((fields[0] = member_offset(record_type, "args")) < 0 || (fields[1] = member_offset(record_type, "_kwargs")) < 0) {
        return NULL;
    }
    PyObject *records = args[0];
    /* a CallLog's records are made tracked (log_make_records, log_item) or were appended */
    LogObject *log = Py_TYPE(records) == &Log_Type ? (LogObject *)records : NULL;
    Py_ssize_t size = log != NULL ? log->n_appended : PySequence_Fast_GET_SIZE(records);
    PyObject **items = log != NULL ? log->appended : PySequence_Fast_ITEMS(records);
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *record = items[i];
        if (record == NULL || Py_TYPE(record) != record_type) {
            continue;
        }
        PyObject *parts[3] = {record, SLOT_OF(record, fields[0]), SLOT_OF(record, fields[1])};
        for (int j = 0; j < 3; j++) {
            if (parts[j] != NULL && PyObject_IS_GC(parts[j]) && !PyObject_GC_IsTracked(parts[j])) {
                PyObject_GC_Track(parts[j]);
            }
        }
    }
    if (log != NULL) {  /* (given back: the log's entries hold the records it still has) */
        size_t bytes = (size_t)log->appended_capacity * sizeof(PyObject *);
        log->appended = NULL;
        log->n_appended = log->appended_capacity = 0;
        for (Py_ssize_t i = 0; i < size; i++) {
            Py_DECREF(items[i]);  /* (a release may run code: the log no longer has these) */
        }
        buffer_free(items, bytes);
    }
    Py_RETURN_NONE;
}

/* ================================================================================================
 * Huge-page arenas.  A recording keeps every result and argument alive, so pymalloc takes a fresh
 * arena (1 MiB; 256 KiB before 3.10) for every few thousand calls, and the kernel then faults
 * each of its 4 KiB pages in on first touch: a fifth of a loop's traced time on 3.14.  While a
 * recording runs, arenas come instead from mappings of whole, aligned 2 MiB pages advised to be
 * backed by transparent huge pages (one fault per 2 MiB).  Only where the arenas are placed
 * changes: no object, no allocation, no address the traced program sees is chosen differently
 * by pymalloc.  The allocator is installed once and stays (the arenas it made are freed through
 * it, whenever pymalloc frees them); between recordings it hands everything to the allocator it
 * found.  SIDEFX_HUGE_ARENAS=0 (read in sidefx/_fast.py) leaves arenas alone.
 * ============================================================================================== */

#if defined(MREMAP_MAYMOVE) && defined(MADV_HUGEPAGE)
#define HUGE_ARENAS 1
#define ARENA_CHUNK ((size_t)64 << 20)  /* one mapping serves this many bytes of arenas */
#define MAX_ARENA_CHUNKS 4096           /* holding arenas at once (then the allocator found serves) */

static PyObjectArenaAllocator arena_fallback;  /* the allocator found at installation */
static int arenas_installed;
static long arena_users;                       /* recordings running */
/* (pymalloc calls the allocator under its interpreter's lock; 3.12+ interpreters may have one each) */
static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
/* The chunks that hold arenas, and how many each; the current one's unused part is handed out
 * from arena_next on.  A freed arena's pages are given back (MADV_DONTNEED) but its addresses
 * stay in its chunk's mapping, so that no other mapping can take them and be taken for ours; a
 * chunk is unmapped and forgotten when its last arena is freed and arenas are handed out from
 * another (chunks held follow the arenas alive, and each is one mapping). */
static struct { char *start, *end; long live; } arena_chunks[MAX_ARENA_CHUNKS];
static int n_arena_chunks, current_chunk = -1;
static char *arena_next, *arena_end;
static unsigned long long arenas_made, arenas_freed, arena_bytes_made;  /* (huge_arena_counts) */

static size_t
page_rounded(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return (size + page - 1) / page * page;
}

/* (a fork taken while another interpreter's thread held the lock leaves the child one unlocked) */
static void
arena_lock_after_fork(void)
{
    pthread_mutex_init(&arena_lock, NULL);
}

static void
forget_chunk(int i)  /* (under arena_lock) */
{
    munmap(arena_chunks[i].start, (size_t)(arena_chunks[i].end - arena_chunks[i].start));
    arena_chunks[i] = arena_chunks[--n_arena_chunks];
    if (current_chunk == n_arena_chunks) {
        current_chunk = i;
    }
}

static void *
arena_alloc(void *ctx, size_t size)
{
    (void)ctx;
    void *arena = NULL;
    size_t bytes = page_rounded(size);
    pthread_mutex_lock(&arena_lock);
    if (arena_users > 0 && bytes <= ARENA_CHUNK / 4) {
        if ((size_t)(arena_end - arena_next) < bytes && n_arena_chunks < MAX_ARENA_CHUNKS) {
            char *chunk = map_huge(ARENA_CHUNK);
            if (chunk != NULL) {
                if (current_chunk >= 0 && arena_chunks[current_chunk].live == 0) {
                    forget_chunk(current_chunk);
                }
                current_chunk = n_arena_chunks++;
                arena_chunks[current_chunk].start = arena_next = chunk;
                arena_chunks[current_chunk].end = arena_end = chunk + ARENA_CHUNK;
                arena_chunks[current_chunk].live = 0;
            }
        }
        if ((size_t)(arena_end - arena_next) >= bytes) {
            arena = arena_next;
            arena_next += bytes;
            arena_chunks[current_chunk].live++;
            arenas_made++;
            arena_bytes_made += bytes;
        }
    }
    pthread_mutex_unlock(&arena_lock);
    return arena != NULL ? arena : arena_fallback.alloc(arena_fallback.ctx, size);
}

static void
arena_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    int ours = 0;
    pthread_mutex_lock(&arena_lock);
    for (int i = n_arena_chunks - 1; i >= 0 && !ours; i--) {
        if ((char *)ptr >= arena_chunks[i].start && (char *)ptr < arena_chunks[i].end) {
            ours = 1;
            (void)madvise(ptr, page_rounded(size), MADV_DONTNEED);  /* (its addresses are not handed out again) */
            if (--arena_chunks[i].live == 0 && i != current_chunk) {
                forget_chunk(i);
            }
        }
    }
    arenas_freed += ours;
    pthread_mutex_unlock(&arena_lock);
    if (!ours) {
        arena_fallback.free(arena_fallback.ctx, ptr, size);
    }
}
#endif

/* huge_arenas(on): a recording starts (True) or ends (False) using huge-page arenas; returns
 * whether they are available here (Linux with transparent huge pages). */
static PyObject *
speedups_keep_log_memory(PyObject *module, PyObject *flag)
{
    int on = PyObject_IsTrue(flag);
    if (on < 0) {
        return NULL;
    }
    keep_log_memory = on;
#ifdef MREMAP_MAYMOVE
    if (!on) {
        spare_mappings_release();
    }
#endif
    Py_RETURN_NONE;
}

static PyObject *
speedups_log_memory_kept(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    unsigned long long kept = 0;
#ifdef MREMAP_MAYMOVE
    for (int i = 0; i < SPARE_MAPPINGS; i++) {
        kept += spare_mappings[i].start != NULL ? spare_mappings[i].span : 0;
    }
#endif
    return Py_BuildValue("(KK)", kept, spare_mappings_reused);
}

static PyObject *
speedups_huge_arenas(PyObject *module, PyObject *flag)
{
    int on = PyObject_IsTrue(flag);
    if (on < 0) {
        return NULL;
    }
#ifdef HUGE_ARENAS
    if (on && !arenas_installed) {
        (void)pthread_atfork(NULL, NULL, arena_lock_after_fork);
        PyObject_GetArenaAllocator(&arena_fallback);
        PyObjectArenaAllocator pooled = {NULL, arena_alloc, arena_free};
        PyObject_SetArenaAllocator(&pooled);
        arenas_installed = 1;
    }
    pthread_mutex_lock(&arena_lock);
    if (on) {
        arena_users++;
    }
    else if (arena_users > 0) {
        arena_users--;
    }
    pthread_mutex_unlock(&arena_lock);
    Py_RETURN_TRUE;
#else
    Py_RETURN_FALSE;
#endif
}

/* huge_arena_counts(): (arenas made from huge pages, bytes of them, arenas of them freed) so far,
 * and the chunks now holding arenas. */
static PyObject *
speedups_huge_arena_counts(PyObject *module, PyObject *Py_UNUSED(ignored))
{
#ifdef HUGE_ARENAS
    pthread_mutex_lock(&arena_lock);
    unsigned long long counts[4] = {arenas_made, arena_bytes_made, arenas_freed, (unsigned long long)n_arena_chunks};
    pthread_mutex_unlock(&arena_lock);
    return Py_BuildValue("(KKKK)", counts[0], counts[1], counts[2], counts[3]);
#else
    return Py_BuildValue("(iiii)", 0, 0, 0, 0);
#endif
}

static PyMethodDef speedups_functions[] = {
    {"huge_arena_counts", (PyCFunction)speedups_huge_arena_counts, METH_NOARGS,
     "huge_arena_counts(): (arenas made from huge pages, their bytes, how many were freed, chunks holding some)."},
    {"keep_log_memory", (PyCFunction)speedups_keep_log_memory, METH_O,
     "keep_log_memory(on): whether a freed log's mappings are kept for the next log (else released now)."},
    {"log_memory_kept", (PyCFunction)speedups_log_memory_kept, METH_NOARGS,
     "log_memory_kept(): (bytes of freed log mappings kept, how many times one was reused)."},
    {"huge_arenas", (PyCFunction)speedups_huge_arenas, METH_O,
     "huge_arenas(on): a recording starts (True) or ends (False) taking pymalloc's arenas from huge pages."},
    {"track_records", (PyCFunction)(void (*)(void))speedups_track_records, METH_FASTCALL,
     "track_records(records, record_type): records (with their args and kwargs) back into the GC's view."},
    {"track", (PyCFunction)(void (*)(void))speedups_track, METH_FASTCALL,
     "track(*objects): let the cyclic GC traverse these objects again."},
    {"untrack", (PyCFunction)(void (*)(void))speedups_untrack, METH_FASTCALL,
     "untrack(*objects): stop the cyclic GC from traversing these objects (records of the recorder)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "sidefx._speedups",
    .m_doc = "Optional compiled hot path of sidefx (see sidefx/_fast.py).",
    .m_size = -1,
    .m_methods = speedups_functions,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    if (PyType_Ready(&Reader_Type) < 0 || PyType_Ready(&Tracer_Type) < 0 || PyType_Ready(&Fast_Type) < 0
            || PyType_Ready(&Log_Type) < 0 || PyType_Ready(&CodeTable_Type) < 0
            || PyType_Ready(&Started_Type) < 0) {
        return NULL;
    }
#if PY_VERSION_HEX >= 0x030C0000
    if (PyType_Ready(&Hook_Type) < 0) {
        return NULL;
    }
#endif
    str_f_trace = PyUnicode_InternFromString("f_trace");
    str_f_trace_opcodes = PyUnicode_InternFromString("f_trace_opcodes");
    str_f_trace_lines = PyUnicode_InternFromString("f_trace_lines");
    if (str_f_trace == NULL || str_f_trace_opcodes == NULL || str_f_trace_lines == NULL) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&speedups_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&Reader_Type);
    Py_INCREF(&Tracer_Type);
    Py_INCREF(&Fast_Type);
    Py_INCREF(&Log_Type);
    if (PyModule_AddObject(module, "Reader", (PyObject *)&Reader_Type) < 0
            || PyModule_AddObject(module, "Tracer", (PyObject *)&Tracer_Type) < 0
            || PyModule_AddObject(module, "FastLane", (PyObject *)&Fast_Type) < 0
            || PyModule_AddObject(module, "CallLog", (PyObject *)&Log_Type) < 0
            || PyModule_AddIntConstant(module, "API_VERSION", API_VERSION) < 0
            || PyModule_AddIntConstant(module, "TRACEMALLOC_DOMAIN", TRACEMALLOC_DOMAIN) < 0
            || PyModule_AddIntConstant(module, "BUILT_FOR", PY_VERSION_HEX) < 0
            || PyModule_AddStringConstant(module, "SOURCE_DIGEST", SIDEFX_SOURCE_DIGEST) < 0) {
        Py_DECREF(module);
        return NULL;
    }
#if PY_VERSION_HEX >= 0x030C0000
    Py_INCREF(&Hook_Type);
    if (PyModule_AddObject(module, "MonitorHook", (PyObject *)&Hook_Type) < 0) {
        Py_DECREF(module);
        return NULL;
    }
#endif
    return module;
}

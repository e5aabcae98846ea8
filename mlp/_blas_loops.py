"""The compiled loops of :mod:`mlp.blas_thread` (imported only where numba is: this module
imports it). The mailbox ``box`` is an int64 array whose slots :mod:`mlp.blas_thread` names."""

import platform

import numba
import numpy as np
from llvmlite import ir
from numba.core import cgutils, types
from numba.core.extending import intrinsic

from mlp import kernels
from mlp.blas_thread import _ROW_MAJOR, _STEP, _STEPS, BUSY, DONE, GO, IDLE, STOP, TAKEN


def _slot(context, builder, signature, args):
    array = context.make_array(signature.args[0])(context, builder, args[0])
    return cgutils.get_item_pointer(context, builder, signature.args[0], array, [args[1]])


@intrinsic
def load_acquire(typingctx, box, i):
    """``box[i]``, read so that whatever the other thread wrote before it stored there (with
    :func:`store_release`) is seen after it."""
    def codegen(context, builder, signature, args):
        return builder.load_atomic(_slot(context, builder, signature, args), "acquire", 8)
    return types.int64(box, i), codegen


@intrinsic
def store_release(typingctx, box, i, value):
    """``box[i] = value``, stored after everything this thread wrote before it."""
    def codegen(context, builder, signature, args):
        builder.store_atomic(args[2], _slot(context, builder, signature, args), "release", 8)
        return context.get_dummy_value()
    return types.void(box, i, types.int64), codegen


@intrinsic
def compare_exchange(typingctx, box, i, expected, new):
    """If ``box[i] == expected``, set it to ``new`` and return True, as one indivisible step
    (of the two threads, only one can win the same exchange); else return False."""
    def codegen(context, builder, signature, args):
        pair = builder.cmpxchg(_slot(context, builder, signature, args), args[2], args[3],
                               "acq_rel", "acquire")
        return builder.extract_value(pair, 1)
    return types.boolean(box, i, types.int64, types.int64), codegen


_X86 = platform.machine().lower() in ("x86_64", "amd64", "i386", "i686", "x86")


@intrinsic
def relax(typingctx):
    """The CPU's spin-wait hint (x86's pause; nothing elsewhere): a waiting loop then takes
    less from the core, and a virtual machine's host can tell that this virtual core waits."""
    def codegen(context, builder, signature, args):
        if _X86:
            pause = cgutils.get_or_insert_function(builder.module, ir.FunctionType(ir.VoidType(), []),
                                                   "llvm.x86.sse2.pause")
            builder.call(pause, [])
        return context.get_dummy_value()
    return types.void(), codegen


def _pointer_to(element):
    @intrinsic
    def as_pointer(typingctx, address):
        def codegen(context, builder, signature, args):
            return builder.inttoptr(args[0], context.get_value_type(signature.return_type))
        return types.CPointer(element)(address), codegen
    return as_pointer


_pointer32, _pointer64 = _pointer_to(types.uint32), _pointer_to(types.uint64)
_float32, _float64 = _pointer_to(types.float32), _pointer_to(types.float64)
_intp = _pointer_to(types.intp)
jit = numba.njit(cache=True, nogil=True)
_loop = kernels._loops()  # the very loops the calling thread runs: the same bits
_gather, _bias_relu, _adam = _loop["gather"], _loop["bias_relu"], _loop["adam"]
_penalise_and_divide, _divide = _loop["penalise_and_divide"], _loop["divide"]


@jit
def _finite(bits, rows, columns, ld, exponent):
    # a float is finite unless its exponent bits are all set (an infinity or a NaN): the
    # largest exponent field is found with integers, which the compiler vectorises
    top = bits.dtype.type(0)
    for i in range(rows):
        for j in range(i * ld, i * ld + columns):
            top = max(top, bits[j] & exponent)
    return top != exponent


@jit
def all_finite(address, rows, columns, ld, float32):
    """True if the block C[:rows, :columns] (leading dimension ``ld``) at ``address`` is finite."""
    size = (rows - 1) * ld + columns
    if float32:
        return _finite(numba.carray(_pointer32(address), size), rows, columns, ld,
                       np.uint32(0x7F800000))
    return _finite(numba.carray(_pointer64(address), size), rows, columns, ld,
                   np.uint64(0x7FF0000000000000))


@jit
def _step(op, P0, P1, P2, P3, rows, d0, d1, s):
    """One plan (mlp.kernels), its arrays seen from their addresses; ``s`` its scalars."""
    to = P0.dtype.type  # the scalars in the arrays' dtype, as mlp.kernels.run converts them
    if op == 1:  # gather: X (d0, d1), rows, out (rows.size, d1)
        _gather(P0.reshape((d0, d1)), rows, P2.reshape((rows.size, d1)))
    elif op == 2:  # bias_relu: Z (d0, d1), b
        _bias_relu(P0.reshape((d0, d1)), P1)
    elif op == 3:
        _penalise_and_divide(P0, P1, to(s[0]), to(s[1]))
    elif op == 4:
        _divide(P0, to(s[0]))
    elif op == 5:
        _adam(P0, P1, P2, P3, to(s[0]), to(s[1]), to(s[2]), to(s[3]), to(s[4]), to(s[5]))


@jit
def _run_steps(box, scalars, first, count):
    for k in range(first, first + count):
        b = _STEPS + _STEP * k
        rows = numba.carray(_intp(box[b + 4]), box[b + 5])  # read by a gather only
        if box[b + 1] == 1:
            _step(box[b], numba.carray(_float32(box[b + 2]), box[b + 3]),
                  numba.carray(_float32(box[b + 4]), box[b + 5]),
                  numba.carray(_float32(box[b + 6]), box[b + 7]),
                  numba.carray(_float32(box[b + 8]), box[b + 9]),
                  rows, box[b + 10], box[b + 11], scalars[k])
        else:
            _step(box[b], numba.carray(_float64(box[b + 2]), box[b + 3]),
                  numba.carray(_float64(box[b + 4]), box[b + 5]),
                  numba.carray(_float64(box[b + 6]), box[b + 7]),
                  numba.carray(_float64(box[b + 8]), box[b + 9]),
                  rows, box[b + 10], box[b + 11], scalars[k])


@jit
def _move_off(cpu, cores, setaffinity):
    """Pin this thread to the cores it may use, except ``cpu`` (the caller's): the system then
    moves it at once. ``cores`` holds two cpu_set_t bit masks: the allowed cores, and room for
    the new mask."""
    half = cores.size // 2
    others = 0
    for i in range(half):
        word = cores[i]
        if i == cpu // 64:
            word &= ~(np.int64(1) << (cpu % 64))
        cores[half + i] = word
        others |= word
    if others != 0:  # (with one core allowed there is nowhere else to go)
        setaffinity(0, half * 8, cores[half:].ctypes.data)


@jit
def serve(box, scalars, semaphore, sem_wait, yield_core, getcpu, dgemm, sgemm, spin, cores,
          setaffinity):
    """The thread's whole life: compute each posted product, store DONE, and watch for the next
    one ``spin`` times before it sleeps on the semaphore until one is posted (or STOP)."""
    looks = spin
    while True:
        if looks >= spin:
            sem_wait(semaphore)  # one post per product; a wake-up with nothing to do waits again
            looks = 0
            box[16] = 0  # woken: placed afresh by the system
        else:
            looks += 1
            relax()
            if looks % 64 == 0:
                yield_core()  # let any other program have the core; back at once if none
            if box[16] == 1:
                # the caller took a product back: this thread had no core when it was needed;
                # if it is on the caller's, move off it
                box[16] = 0
                if getcpu() == box[17]:
                    _move_off(box[17], cores, setaffinity)
        state = load_acquire(box, 0)
        if state == GO and compare_exchange(box, 0, GO, BUSY):  # else the caller took it back
            _run_steps(box, scalars, 0, box[14])  # the block's plans before its product
            if box[1] == 0:
                dgemm(_ROW_MAJOR, box[2], box[3], box[4], box[5], box[6], 1.0, box[7], box[8],
                      box[9], box[10], 0.0, box[11], box[12])
            else:
                sgemm(_ROW_MAJOR, box[2], box[3], box[4], box[5], box[6], np.float32(1.0),
                      box[7], box[8], box[9], box[10], np.float32(0.0), box[11], box[12])
            box[13] = all_finite(box[11], box[4], box[5], box[12], box[1] == 1)
            if box[13]:  # and after it (not on a product np.matmul must compute again)
                _run_steps(box, scalars, box[14], box[15])
            shared = getcpu() == box[17]
            store_release(box, 0, DONE)  # the block and box[13] are written
            looks = 0
            if shared:
                # on the caller's core: the two took turns instead of working side by side (the
                # system puts a new thread there while the other core is busy, and does not move
                # one that never sleeps); move off it
                _move_off(box[17], cores, setaffinity)
        elif state == STOP:
            return


@jit
def post(box, semaphore, sem_post, getcpu):
    """GO (the thread may read the product's slots, stored before this call), and wake it."""
    box[17] = getcpu()
    store_release(box, 0, GO)
    sem_post(semaphore)


@jit
def stop(box, semaphore, sem_post):
    """STOP, and wake the thread to see it (no product may be posted)."""
    store_release(box, 0, STOP)
    sem_post(semaphore)


@jit
def take_back(box):
    """True if the posted product was not started (the thread has not woken up yet, or has no
    core): it is the caller's again, and the thread will not touch it."""
    if compare_exchange(box, 0, GO, TAKEN):
        box[16] = 1  # tell the thread it was late (see serve)
        store_release(box, 0, IDLE)
        return True
    return False


@jit
def wait(box, yield_core):
    """Wait for DONE; back to IDLE; 1 if the block came out finite, else 0."""
    looks = 0
    while load_acquire(box, 0) != DONE:
        relax()
        looks += 1
        if looks % 64 == 0:
            # if both threads share one core (a busy machine), the other one needs it to finish
            yield_core()
    finite = box[13]
    store_release(box, 0, IDLE)
    return finite

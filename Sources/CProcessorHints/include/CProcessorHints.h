#ifndef CPROCESSORHINTS_H
#define CPROCESSORHINTS_H

// Two hints to the processor that Swift has no way to spell. Neither changes what a program
// computes, only how fast.

/// Starts loading the cache line holding `address` into the caches and returns at once. A wrong
/// address is harmless: a prefetch never faults and reads nothing the program sees.
static inline void cnn_prefetch(const void *address) {
    __builtin_prefetch(address, 0 /* for reading */, 3 /* keep in every cache level */);
}

/// Says that this thread is spinning in a wait loop (x86 `pause`, Arm `yield`): the core saves
/// power and gives more of itself to another thread sharing it.
static inline void cnn_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

#endif

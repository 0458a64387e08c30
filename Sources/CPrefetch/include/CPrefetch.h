#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the processor to start loading the cache line holding `address` into its caches, and
/// returns at once. Swift has no way to say this; a wrong address is harmless (no fault, no read).
static inline void cnn_prefetch(const void *address) {
    __builtin_prefetch(address, 0 /* for reading */, 3 /* keep in every cache level */);
}

#endif

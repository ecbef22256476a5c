/* tagger_avx2.c: the tagging loop (tagger_kernel.h) compiled for AVX2.
 *
 * The Makefile builds this file with -mavx2 on x86-64 (and defines
 * DY_AVX2_KERNEL); dy_tagger_load() calls it only when the CPU reports AVX2,
 * so one binary runs everywhere and is faster where it can be.  Elsewhere
 * this file is empty. */
#include "tagger_impl.h"
#if DY_AVX2_KERNEL
#define KERNEL_NAME dy_tagger_tag_avx2
#define KERNEL_LINKAGE
#include "tagger_kernel.h"
#else
typedef int dy_tagger_avx2_unused;
#endif

// Experimental parameters (deterministic prefix loading) need the static-linking section;
// they are passed through ZSTD_CCtx_setParameter, which the shared library exports.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

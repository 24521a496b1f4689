// What libFuzzer itself exports to a custom mutator (see LLVM's libFuzzer documentation,
// "Using a custom mutator"); -sanitize=fuzzer links the definition.
#include <stddef.h>
#include <stdint.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

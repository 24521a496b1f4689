// What glibc declares but Swift's Glibc module leaves out: syncfs and sync_file_range
// (Linux extensions, declared only with _GNU_SOURCE) and mallopt (malloc.h). Only
// LinuxCalls.swift imports this module: a file that imports both it and Glibc sees
// every libc name twice.
#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

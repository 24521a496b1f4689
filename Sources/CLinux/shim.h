// syncfs and sync_file_range are Linux extensions that glibc declares only with
// _GNU_SOURCE, which the Swift Glibc module does not define. Only LinuxSync.swift imports
// this module: a file that imports both it and Glibc sees every libc name twice.
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

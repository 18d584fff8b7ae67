/* Starts a program with an exact byte-level argv and environment (which .NET's Process
 * can't pass: it re-encodes strings as UTF-8). Usage: runargv SPECFILE, where SPECFILE is
 * NUL-terminated fields: cwd, the number of environment entries, the entries, then argv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) return 120;
    FILE *f = fopen(argv[1], "rb");
    if (!f) return 121;
    size_t cap = 1 << 20, len = 0, n;
    char *buf = malloc(cap);
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    size_t count = 0;
    for (size_t i = 0; i < len; i++) if (buf[i] == 0) count++;
    char **fields = calloc(count + 1, sizeof(char *));
    size_t k = 0;
    for (size_t i = 0; i < len; i += strlen(buf + i) + 1) fields[k++] = buf + i;
    if (k < 3) return 122;
    long nenv = atol(fields[1]);
    char **envp = calloc(nenv + 1, sizeof(char *));
    for (long i = 0; i < nenv; i++) envp[i] = fields[2 + i];
    char **av = fields + 2 + nenv;
    if (chdir(fields[0]) != 0) return 123;
    execve(av[0], av, envp);
    perror("runargv: execve");
    return 124;
}

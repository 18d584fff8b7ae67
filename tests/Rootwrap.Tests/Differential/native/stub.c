/* The command every differential case runs instead of a real one: prints, in hex, exactly
 * what it received (argv, environment) and its uids, then exits with argc % 64 so the
 * exit status is checked too. With RWSTUB_SLEEP set it only waits (a KillFilter target). */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

extern char **environ;

static void hex(const char *tag, const char *s)
{
    fputs(tag, stdout);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) printf("%02x", *p);
    putchar('\n');
}

int main(int argc, char **argv)
{
    for (char **e = environ; *e; e++)
        if (argc == 1 && !__builtin_strncmp(*e, "RWSTUB_SLEEP=", 13))
            for (;;) pause();
    uid_t r, e, s;
    gid_t gr, ge, gs;
    getresuid(&r, &e, &s);
    getresgid(&gr, &ge, &gs);
    printf("uid %u %u %u\n", r, e, s);
    printf("gid %u %u %u\n", gr, ge, gs);
    printf("argc %d\n", argc);
    for (int i = 0; i < argc; i++) hex("arg ", argv[i]);
    for (char **p = environ; *p; p++) hex("env ", *p);
    return fflush(stdout) == 0 ? argc % 64 : 125;
}

/* hello: smallest Socle userland program, a smoke test of the static musl
 * toolchain (toolchains/userland-<arch>.cmake). Prints its uname. */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	struct utsname u;

	(void)argc;
	if (uname(&u) != 0) {
		perror("uname");
		return 1;
	}
	printf("%s: hello from %s %s %s\n", argv[0], u.sysname, u.release, u.machine);
	return 0;
}

/*
 * rtas.c - Run-Time Abstraction Services through QEMU's H_RTAS call.
 *
 * QEMU implements RTAS in the hypervisor: the guest passes the physical
 * address of a big-endian argument block (token, nargs, nret, args...,
 * rets...) in r4.  Tokens come from the /rtas node of the device tree.  So
 * no RTAS blob has to be instantiated, and the call works with the MMU on
 * or off.
 */
#include <arch/ppc64le.h>
#include <stdarg.h>

struct rtas_args {
	uint32_t token;
	uint32_t nargs;
	uint32_t nret;
	uint32_t args[16];
};

static struct rtas_args rtas_args __aligned(16);

/*
 * ppc64le_rtas_call - call RTAS service token with nargs 32-bit arguments;
 * the nret - 1 results after the status go to rets (may be NULL).
 * Returns the RTAS status (0 success, negative error), or -1 when the
 * token is absent or the hypervisor refused the call.  Any context.
 */
int ppc64le_rtas_call(uint32_t token, int nargs, int nret, uint32_t *rets, ...)
{
	va_list ap;
	int status;

	if (token == 0 || nargs + nret > 16 || nret < 1)
		return -1;
	unsigned long flags = hal_irq_save();
	rtas_args.token = __builtin_bswap32(token);
	rtas_args.nargs = __builtin_bswap32((uint32_t)nargs);
	rtas_args.nret = __builtin_bswap32((uint32_t)nret);
	va_start(ap, rets);
	for (int i = 0; i < nargs; i++)
		rtas_args.args[i] = __builtin_bswap32(va_arg(ap, uint32_t));
	va_end(ap);
	for (int i = 0; i < nret; i++)
		rtas_args.args[nargs + i] = 0;
	if (ppc64le_hcall(H_RTAS, hal_kernel_virt_to_phys(&rtas_args), 0, 0, 0, NULL) != H_SUCCESS) {
		status = -1;
	} else {
		status = (int)__builtin_bswap32(rtas_args.args[nargs]);
		for (int i = 1; rets && i < nret; i++)
			rets[i - 1] = __builtin_bswap32(rtas_args.args[nargs + i]);
	}
	hal_irq_restore(flags);
	return status;
}

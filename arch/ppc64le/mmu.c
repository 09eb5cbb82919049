/*
 * mmu.c - address spaces on the POWER9 radix MMU (ISA 3.0).
 *
 * Radix was negotiated with client-architecture-support (prom.c); the
 * hypervisor learns where our process table is with H_REGISTER_PROC_TBL.
 * Each process-table entry (16 bytes, indexed by PID) points at a radix
 * tree: for a 52-bit space of 4 KiB pages, a 2^13-entry root (64 KiB) and
 * three levels of 2^9 entries (4 KiB each).  Quadrant 3 (0xc...) always
 * uses PID 0: that is the kernel space.  Quadrant 0 uses the PIDR
 * register: a user space gets its own PID; with the kernel space active
 * PIDR names an empty entry, so low addresses fault instead of aliasing
 * the kernel tree.  Tree entries and the process table are big-endian in
 * memory, whatever the mode of the processor.
 *
 * Page-table pages below the root come from core_page_alloc(); the user
 * roots, which must be 64 KiB and naturally aligned, from
 * core_pages_alloc(4).  The process table has 4096 entries, so up to 4094
 * user address spaces can exist at once.
 */
#include <arch/ppc64le.h>
#include <kernel.h>

/* Radix page directory and page table entry bits (ISA 3.0 numbering reversed). */
#define R_VALID		(1UL << 63)
#define R_LEAF		(1UL << 62)
#define R_NLB_MASK	0x0fffffffffffff00UL
#define R_RPN_MASK	0x01fffffffffff000UL
#define R_SW_GLOBAL	0x0000000000000400UL	/* software: HAL_MAP_GLOBAL */
#define R_REF		0x0000000000000100UL
#define R_CHG		0x0000000000000080UL
#define R_ATT_NI_IO	0x0000000000000020UL	/* non-idempotent I/O: guarded, uncached */
#define R_PRIV		0x0000000000000008UL
#define R_READ		0x0000000000000004UL
#define R_WRITE		0x0000000000000002UL
#define R_EXEC		0x0000000000000001UL

#define ROOT_BITS	13
#define LEVEL_BITS	9
#define ROOT_SIZE	(8UL << ROOT_BITS)

/* Process-table entry word 0: RTS = 52 - 31 = 21 split in two fields. */
#define PRTB_RTS52	((2UL << 61) | (5UL << 5))

#define ROOT_ORDER	4		/* 2^4 pages = 64 KiB */
#define PRTB_ENTRIES	4096		/* 64 KiB process table */
#define PRTB_SIZE_FIELD	4		/* log2(64 KiB) - 12 */
#define PID_KERNEL	0
#define PID_NONE	1
#define PID_USER0	2

struct prtb_entry {
	uint64_t dw0;
	uint64_t dw1;
};

static struct prtb_entry proc_table[PRTB_ENTRIES] __aligned(PRTB_ENTRIES * 16);
static uint64_t kernel_root[1UL << ROOT_BITS] __aligned(ROOT_SIZE);
/* One bit per PID; the structures themselves come from a page each. */
static uint64_t pid_used[PRTB_ENTRIES / 64];
static struct hal_as kernel_as;
static bool kernel_created, proc_table_registered;

static inline uint64_t rd(const uint64_t *p)
{
	return __builtin_bswap64(*(const volatile uint64_t *)p);
}

static inline void wr(uint64_t *p, uint64_t v)
{
	*(volatile uint64_t *)p = __builtin_bswap64(v);
}

static inline void ptesync(void)
{
	__asm__ __volatile__("ptesync" : : : "memory");
}

/*
 * tlbie RB, RS, RIC, PRS=1, R=1 (radix, process scoped).  LLVM's assembler
 * lacks the five-operand form, so the word is built by hand.
 */
#define TLBIE_RIC0	".long 0x7ca32264"	/* tlbie r4, r5, RIC=0 */
#define TLBIE_RIC2	".long 0x7cab2264"	/* tlbie r4, r5, RIC=2 */

static void tlbie_page(unsigned int pid, vaddr_t va)
{
	register unsigned long rb __asm__("r4") = va & ~HAL_PAGE_MASK;	/* AP 0: 4 KiB */
	register unsigned long rs __asm__("r5") = (unsigned long)pid << 32;

	__asm__ __volatile__("ptesync\n\t" TLBIE_RIC0 "\n\teieio\n\ttlbsync\n\tptesync"
			     : : "r"(rb), "r"(rs) : "memory");
}

static void tlbie_pid(unsigned int pid)
{
	register unsigned long rb __asm__("r4") = 1UL << 10;	/* IS = 1: this PID */
	register unsigned long rs __asm__("r5") = (unsigned long)pid << 32;

	__asm__ __volatile__("ptesync\n\t" TLBIE_RIC2 "\n\teieio\n\ttlbsync\n\tptesync"
			     : : "r"(rb), "r"(rs) : "memory");
}

static bool va_ok(const struct hal_as *as, vaddr_t va)
{
	if (va & HAL_PAGE_MASK)
		return false;
	if (as->kernel)
		return (va >> 52) == 0xc00;
	return va < HAL_USER_TOP;
}

static uint64_t *root_of(const struct hal_as *as)
{
	return hal_phys_to_virt(as->root);
}

/*
 * Find the leaf slot of va, creating the missing tables when alloc is
 * set.  Returns NULL when a table is missing (or cannot be allocated).
 */
static uint64_t *walk(struct hal_as *as, vaddr_t va, bool alloc)
{
	uint64_t *table = root_of(as);
	unsigned int shift = 52 - ROOT_BITS;
	unsigned int bits = ROOT_BITS;

	for (int level = 0; level < 3; level++) {
		uint64_t *e = &table[(va >> shift) & ((1UL << bits) - 1)];
		uint64_t v = rd(e);
		if (!(v & R_VALID)) {
			if (!alloc)
				return NULL;
			paddr_t pa = core_page_alloc();
			if (!pa)
				return NULL;
			v = R_VALID | (pa & R_NLB_MASK) | LEVEL_BITS;
			ptesync();
			wr(e, v);
		} else if (v & R_LEAF) {
			return NULL;	/* huge pages are never made here */
		}
		table = hal_phys_to_virt(v & R_NLB_MASK);
		shift -= LEVEL_BITS;
		bits = LEVEL_BITS;
	}
	return &table[(va >> HAL_PAGE_SHIFT) & ((1UL << LEVEL_BITS) - 1)];
}

static int flags_to_pte(unsigned int flags, uint64_t *out)
{
	uint64_t pte = R_VALID | R_LEAF | R_REF | R_CHG | R_READ;

	if ((flags & HAL_MAP_W) && (flags & HAL_MAP_X) && !(flags & HAL_MAP_USER))
		return -EINVAL;
	if (flags & HAL_MAP_W)
		pte |= R_WRITE;
	if ((flags & HAL_MAP_X) && !(flags & HAL_MAP_DEVICE))
		pte |= R_EXEC;
	if (!(flags & HAL_MAP_USER))
		pte |= R_PRIV;
	if (flags & HAL_MAP_DEVICE)
		pte |= R_ATT_NI_IO;
	if (flags & HAL_MAP_GLOBAL)
		pte |= R_SW_GLOBAL;
	*out = pte;
	return 0;
}

static unsigned int pte_to_flags(uint64_t pte)
{
	unsigned int f = 0;

	if (pte & R_READ)
		f |= HAL_MAP_R;
	if (pte & R_WRITE)
		f |= HAL_MAP_W;
	if (pte & R_EXEC)
		f |= HAL_MAP_X;
	if (!(pte & R_PRIV))
		f |= HAL_MAP_USER;
	if ((pte & 0x30) == R_ATT_NI_IO)
		f |= HAL_MAP_DEVICE;
	if (pte & R_SW_GLOBAL)
		f |= HAL_MAP_GLOBAL;
	return f;
}

static void set_prtb(unsigned int pid, paddr_t root)
{
	wr(&proc_table[pid].dw0, root ? (PRTB_RTS52 | (root & R_NLB_MASK) | ROOT_BITS) : 0);
	wr(&proc_table[pid].dw1, 0);
	ptesync();
}

struct hal_as *hal_as_kernel_create(void)
{
	if (kernel_created)
		return &kernel_as;
	memset(kernel_root, 0, sizeof(kernel_root));
	kernel_as.root = hal_kernel_virt_to_phys(kernel_root);
	kernel_as.pid = PID_KERNEL;
	kernel_as.kernel = true;
	set_prtb(PID_KERNEL, kernel_as.root);
	set_prtb(PID_NONE, 0);
	kernel_created = true;
	return &kernel_as;
}

struct hal_as *hal_as_kernel(void)
{
	return kernel_created ? &kernel_as : NULL;
}

static int pid_alloc(void)
{
	unsigned long f = hal_irq_save();
	int pid = -1;

	for (int i = PID_USER0; i < PRTB_ENTRIES; i++) {
		if (!(pid_used[i / 64] & (1ULL << (i % 64)))) {
			pid_used[i / 64] |= 1ULL << (i % 64);
			pid = i;
			break;
		}
	}
	hal_irq_restore(f);
	return pid;
}

static void pid_free(unsigned int pid)
{
	unsigned long f = hal_irq_save();

	pid_used[pid / 64] &= ~(1ULL << (pid % 64));
	hal_irq_restore(f);
}

/*
 * A user space: a PID, a zeroed 64 KiB root, and the struct hal_as itself
 * in a page of its own (the arch has no allocator of small objects).
 */
struct hal_as *hal_as_create(void)
{
	int pid = pid_alloc();
	if (pid < 0)
		return NULL;
	paddr_t root = core_pages_alloc(ROOT_ORDER);
	paddr_t page = root ? core_page_alloc() : 0;
	if (!page) {
		if (root)
			core_pages_free(root, ROOT_ORDER);
		pid_free((unsigned int)pid);
		return NULL;
	}
	struct hal_as *as = hal_phys_to_virt(page);
	as->root = root;
	as->pid = (unsigned int)pid;
	as->kernel = false;
	set_prtb(as->pid, as->root);
	tlbie_pid(as->pid);
	return as;
}

static void free_level(paddr_t table_pa, int level)
{
	uint64_t *t = hal_phys_to_virt(table_pa);

	if (level < 3) {
		for (unsigned int i = 0; i < (1u << LEVEL_BITS); i++) {
			uint64_t v = rd(&t[i]);
			if ((v & R_VALID) && !(v & R_LEAF))
				free_level(v & R_NLB_MASK, level + 1);
		}
	}
	core_page_free(table_pa);
}

void hal_as_destroy(struct hal_as *as)
{
	if (!as || as->kernel)
		return;
	uint64_t *root = root_of(as);
	for (unsigned int i = 0; i < (1u << ROOT_BITS); i++) {
		uint64_t v = rd(&root[i]);
		if ((v & R_VALID) && !(v & R_LEAF))
			free_level(v & R_NLB_MASK, 1);
	}
	set_prtb(as->pid, 0);
	tlbie_pid(as->pid);
	core_pages_free(as->root, ROOT_ORDER);
	pid_free(as->pid);
	core_page_free(hal_virt_to_phys(as));
}

int hal_as_map(struct hal_as *as, vaddr_t va, paddr_t pa, unsigned int flags)
{
	uint64_t pte;

	if (!as || !va_ok(as, va) || (pa & HAL_PAGE_MASK) || (pa & ~R_RPN_MASK))
		return -EINVAL;
	if (as->kernel && (flags & HAL_MAP_USER))
		return -EINVAL;
	if (flags_to_pte(flags, &pte))
		return -EINVAL;
	uint64_t *e = walk(as, va, true);
	if (!e)
		return -ENOMEM;
	ptesync();
	wr(e, pte | pa);
	ptesync();
	return 0;
}

int hal_as_unmap(struct hal_as *as, vaddr_t va)
{
	if (!as || !va_ok(as, va))
		return -EINVAL;
	uint64_t *e = walk(as, va, false);
	if (!e || !(rd(e) & R_VALID))
		return -ENOENT;
	wr(e, 0);
	tlbie_page(as->pid, va);
	return 0;
}

int hal_as_protect(struct hal_as *as, vaddr_t va, unsigned int flags)
{
	uint64_t pte;

	if (!as || !va_ok(as, va))
		return -EINVAL;
	if (as->kernel && (flags & HAL_MAP_USER))
		return -EINVAL;
	if (flags_to_pte(flags, &pte))
		return -EINVAL;
	uint64_t *e = walk(as, va, false);
	if (!e || !(rd(e) & R_VALID))
		return -ENOENT;
	wr(e, pte | (rd(e) & R_RPN_MASK));
	tlbie_page(as->pid, va);
	return 0;
}

int hal_as_query(struct hal_as *as, vaddr_t va, paddr_t *pa, unsigned int *flags)
{
	if (!as || !va_ok(as, va & ~HAL_PAGE_MASK))
		return -ENOENT;
	uint64_t *e = walk(as, va & ~HAL_PAGE_MASK, false);
	if (!e)
		return -ENOENT;
	uint64_t v = rd(e);
	if (!(v & R_VALID))
		return -ENOENT;
	if (pa)
		*pa = (v & R_RPN_MASK) | (va & HAL_PAGE_MASK);
	if (flags)
		*flags = pte_to_flags(v);
	return 0;
}

void hal_as_activate(struct hal_as *as)
{
	if (!proc_table_registered) {
		/* MODIFY | REGISTER | RADIX | GTSE; a 64 KiB table. */
		long rc = ppc64le_hcall(H_REGISTER_PROC_TBL, 0x1d,
					hal_kernel_virt_to_phys(proc_table), 0,
					PRTB_SIZE_FIELD, NULL);
		if (rc != H_SUCCESS)
			core_panic("ppc64le: H_REGISTER_PROC_TBL failed (%ld): radix MMU not available", rc);
		proc_table_registered = true;
	}
	ppc64le_mtspr(PPC64LE_SPR_PIDR, as->kernel ? PID_NONE : as->pid);
	__asm__ __volatile__("isync" : : : "memory");
	hal_tlb_flush_all();

	unsigned long msr = ppc64le_mfmsr();
	if ((msr & (PPC64LE_MSR_IR | PPC64LE_MSR_DR)) != (PPC64LE_MSR_IR | PPC64LE_MSR_DR)) {
		msr |= PPC64LE_MSR_IR | PPC64LE_MSR_DR;
		__asm__ __volatile__("mtmsrd %0\n\tisync" : : "r"(msr) : "memory");
	}
}

void hal_tlb_flush_page(struct hal_as *as, vaddr_t va)
{
	tlbie_page(as ? as->pid : PID_KERNEL, va);
}

void hal_tlb_flush_all(void)
{
	register unsigned long rb __asm__("r4") = 3UL << 10;	/* IS = 3: everything */
	register unsigned long rs __asm__("r5") = 0;

	__asm__ __volatile__("ptesync\n\t" TLBIE_RIC2 "\n\teieio\n\ttlbsync\n\tptesync"
			     : : "r"(rb), "r"(rs) : "memory");
}

/*
 * mm.c - user address spaces: mappings (vmas), demand paging, brk/mmap.
 *
 * Each struct mm is a HAL address space plus a sorted list of mappings.
 * Pages are allocated on first touch (demand-zero) by mm_fault(); a page
 * belongs to exactly one mm until fork's copy-on-write arrives (then a
 * per-page reference count decides when it is freed).
 */
#include <kernel.h>
#include <mm.h>
#include <proc.h>

#define STACK_MAX	(8UL << 20)	/* RLIMIT_STACK default */

static unsigned int hal_flags(unsigned int vmf)
{
	unsigned int f = HAL_MAP_USER;

	if (vmf & VM_READ)
		f |= HAL_MAP_R;
	if (vmf & VM_WRITE)
		f |= HAL_MAP_W | HAL_MAP_R;
	if (vmf & VM_EXEC)
		f |= HAL_MAP_X;
	return f;
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->as = hal_as_create();
	if (!mm->as) {
		kfree(mm);
		return NULL;
	}
	mm->refs = 1;
	mm->lock = (spinlock_t)SPINLOCK_INIT("mm");
	mm->sigtramp = HAL_USER_TOP - HAL_PAGE_SIZE;
	mm->stack_top = HAL_USER_TOP - 16 * HAL_PAGE_SIZE;
	mm->mmap_base = mm->stack_top - STACK_MAX - (64UL << 20);
	return mm;
}

/* Free the pages of [start, end) that are mapped. */
static void free_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	for (vaddr_t va = start; va < end; va += HAL_PAGE_SIZE) {
		paddr_t pa;
		if (hal_as_query(mm->as, va, &pa, NULL) == 0) {
			hal_as_unmap(mm->as, va);
			struct page *pg = pmm_page(pa);
			if (pg && (pg->flags & PG_HEAD))
				page_put(pa);
		}
	}
}

struct mm *mm_dup(struct mm *src)
{
	struct mm *mm = mm_create();

	if (!mm)
		return NULL;
	mm->brk_start = src->brk_start;
	mm->brk = src->brk;
	mm->stack_top = src->stack_top;
	mm->mmap_base = src->mmap_base;
	mm->sigtramp = src->sigtramp;
	mm->arg_start = src->arg_start;
	mm->arg_end = src->arg_end;
	mm->env_start = src->env_start;
	mm->env_end = src->env_end;
	memcpy(mm->exe, src->exe, sizeof(mm->exe));
	struct vma **tail = &mm->vmas;
	for (struct vma *v = src->vmas; v; v = v->next) {
		struct vma *n = kzalloc(sizeof(*n));
		if (!n)
			goto fail;
		*n = *v;
		n->next = NULL;
		*tail = n;
		tail = &n->next;
		/* Share every present page; private writable ones become
		 * read-only in both spaces until one of them writes. */
		bool cow = (v->flags & VM_WRITE) && !(v->flags & VM_SHARED);
		for (vaddr_t va = v->start; va < v->end; va += HAL_PAGE_SIZE) {
			paddr_t pa;
			unsigned int fl;
			if (hal_as_query(src->as, va, &pa, &fl) != 0)
				continue;
			if (cow && (fl & HAL_MAP_W)) {
				fl &= ~HAL_MAP_W;
				hal_as_protect(src->as, va, fl);
			}
			if (hal_as_map(mm->as, va, pa, fl))
				goto fail;
			page_get(pa);
		}
	}
	return mm;
fail:
	mm_put(mm);
	return NULL;
}

void mm_put(struct mm *mm)
{
	if (--mm->refs > 0)
		return;
	sched_as_release(mm->as);
	while (mm->vmas) {
		struct vma *v = mm->vmas;
		mm->vmas = v->next;
		free_range(mm, v->start, v->end);
		kfree(v);
	}
	hal_as_destroy(mm->as);
	kfree(mm);
}

struct vma *mm_find_vma(struct mm *mm, vaddr_t addr)
{
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (addr >= v->start && addr < v->end)
			return v;
	return NULL;
}

int mm_add_vma(struct mm *mm, vaddr_t start, vaddr_t end, unsigned int flags)
{
	if ((start | end) & HAL_PAGE_MASK || start >= end || end > HAL_USER_TOP || start < HAL_PAGE_SIZE)
		return -EINVAL;
	struct vma **pp = &mm->vmas;
	while (*pp && (*pp)->end <= start)
		pp = &(*pp)->next;
	if (*pp && (*pp)->start < end)
		return -EINVAL;	/* overlap */
	struct vma *v = kzalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->start = start;
	v->end = end;
	v->flags = flags;
	v->next = *pp;
	*pp = v;
	return 0;
}

int mm_unmap(struct mm *mm, vaddr_t start, vaddr_t end)
{
	if ((start & HAL_PAGE_MASK) || end < start || end > HAL_USER_TOP)
		return -EINVAL;
	for (struct vma **pp = &mm->vmas; *pp;) {
		struct vma *v = *pp;
		if (v->end <= start || v->start >= end) {
			pp = &v->next;
			continue;
		}
		vaddr_t cs = MAX(v->start, start), ce = MIN(v->end, end);
		free_range(mm, cs, ce);
		if (cs == v->start && ce == v->end) {
			*pp = v->next;
			kfree(v);
			continue;
		}
		if (cs == v->start) {
			v->start = ce;
		} else if (ce == v->end) {
			v->end = cs;
		} else {
			/* Split in two. */
			struct vma *tail = kzalloc(sizeof(*tail));
			if (!tail)
				return -ENOMEM;
			*tail = *v;
			tail->start = ce;
			v->end = cs;
			v->next = tail;
		}
		pp = &v->next;
	}
	return 0;
}

int mm_protect(struct mm *mm, vaddr_t start, vaddr_t end, unsigned int prot)
{
	if ((start & HAL_PAGE_MASK) || end < start || end > HAL_USER_TOP)
		return -EINVAL;
	/* Every page of the range must be mapped (Linux: ENOMEM otherwise). */
	for (vaddr_t a = start; a < end;) {
		struct vma *v = mm_find_vma(mm, a);
		if (!v)
			return -ENOMEM;
		a = v->end;
	}
	for (vaddr_t a = start; a < end;) {
		struct vma *v = mm_find_vma(mm, a);
		if (v->start < a) {	/* split off the head */
			struct vma *n = kzalloc(sizeof(*n));
			if (!n)
				return -ENOMEM;
			*n = *v;
			n->start = a;
			v->end = a;
			v->next = n;
			v = n;
		}
		if (v->end > end) {	/* split off the tail */
			struct vma *n = kzalloc(sizeof(*n));
			if (!n)
				return -ENOMEM;
			*n = *v;
			n->start = end;
			v->end = end;
			v->next = n;
		}
		v->flags = (v->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | (prot & (VM_READ | VM_WRITE | VM_EXEC));
		for (vaddr_t va = v->start; va < v->end; va += HAL_PAGE_SIZE) {
			paddr_t pa;
			if (hal_as_query(mm->as, va, &pa, NULL) != 0)
				continue;
			unsigned int fl = hal_flags(v->flags);
			if (page_refs(pa) > 1 && !(v->flags & VM_SHARED))
				fl &= ~HAL_MAP_W;	/* still copy-on-write */
			hal_as_protect(mm->as, va, fl);
		}
		a = v->end;
	}
	return 0;
}

int mm_fault(struct mm *mm, vaddr_t addr, unsigned int access)
{
	vaddr_t page = ALIGN_DOWN(addr, HAL_PAGE_SIZE);
	struct vma *v = mm_find_vma(mm, addr);

	if (!v) {
		/* Stack growth: just below a grows-down mapping, within the limit. */
		for (struct vma *s = mm->vmas; s; s = s->next) {
			if ((s->flags & VM_GROWSDOWN) && addr < s->start &&
			    s->end - page <= STACK_MAX) {
				struct vma *prev = NULL;
				for (struct vma *p = mm->vmas; p != s; p = p->next)
					prev = p;
				if (prev && prev->end > page)
					return -EFAULT;
				s->start = page;
				v = s;
				break;
			}
		}
		if (!v)
			return -EFAULT;
	}
	if ((access & HAL_FAULT_WRITE) && !(v->flags & VM_WRITE))
		return -EFAULT;
	if ((access & HAL_FAULT_EXEC) && !(v->flags & VM_EXEC))
		return -EFAULT;
	if ((access & HAL_FAULT_READ) && !(v->flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EFAULT;
	unsigned int cur;
	paddr_t old;
	if (hal_as_query(mm->as, page, &old, &cur) == 0) {
		if ((access & HAL_FAULT_WRITE) && !(cur & HAL_MAP_W)) {
			/* Copy-on-write: the last sharer takes the page, others copy. */
			if (page_refs(old) == 1)
				return hal_as_protect(mm->as, page, hal_flags(v->flags));
			paddr_t np = pmm_alloc(0, false);
			if (!np)
				return -ENOMEM;
			memcpy(hal_phys_to_virt(np), hal_phys_to_virt(old), HAL_PAGE_SIZE);
			int err = hal_as_map(mm->as, page, np, hal_flags(v->flags));
			if (err) {
				pmm_free(np, 0);
				return err;
			}
			hal_tlb_flush_page(mm->as, page);
			page_put(old);
			return 0;
		}
		/* Mapped already: a stale TLB entry or a protection change. */
		hal_tlb_flush_page(mm->as, page);
		return 0;
	}
	paddr_t pa = pmm_alloc(0, true);
	if (!pa)
		return -ENOMEM;
	int err = hal_as_map(mm->as, page, pa, hal_flags(v->flags));
	if (err) {
		pmm_free(pa, 0);
		return err;
	}
	return 0;
}

int mm_populate(struct mm *mm, vaddr_t addr, size_t len, unsigned int access)
{
	if (len == 0)
		return 0;
	if (addr >= HAL_USER_TOP || len > HAL_USER_TOP - addr)
		return -EFAULT;
	for (vaddr_t va = ALIGN_DOWN(addr, HAL_PAGE_SIZE); va < addr + len; va += HAL_PAGE_SIZE) {
		unsigned int fl;
		if (hal_as_query(mm->as, va, NULL, &fl) == 0 &&
		    (!(access & HAL_FAULT_WRITE) || (fl & HAL_MAP_W)))
			continue;
		int err = mm_fault(mm, va, access);
		if (err)
			return -EFAULT;
	}
	return 0;
}

vaddr_t mm_get_unmapped(struct mm *mm, size_t len)
{
	vaddr_t top = mm->mmap_base;

	len = ALIGN_UP(len, HAL_PAGE_SIZE);
	/* Highest gap below mmap_base that fits, first fit going down. */
	for (;;) {
		if (top < len + HAL_PAGE_SIZE * 16)
			return 0;
		vaddr_t start = top - len;
		struct vma *clash = NULL;
		for (struct vma *v = mm->vmas; v; v = v->next)
			if (v->start < top && v->end > start)
				clash = v;
		if (!clash)
			return start;
		top = clash->start;
	}
}

size_t copy_from_user(void *dst, vaddr_t usrc, size_t n)
{
	struct proc *p = proc_current();

	if (!p || mm_populate(p->mm, usrc, n, HAL_FAULT_READ))
		return n;
	return hal_copy_from_user(p->mm->as, dst, usrc, n);
}

size_t copy_to_user(vaddr_t udst, const void *src, size_t n)
{
	struct proc *p = proc_current();

	if (!p || mm_populate(p->mm, udst, n, HAL_FAULT_WRITE))
		return n;
	return hal_copy_to_user(p->mm->as, udst, src, n);
}

long strncpy_from_user(char *buf, vaddr_t us, size_t size)
{
	struct proc *p = proc_current();

	if (!p)
		return -EFAULT;
	for (size_t i = 0; i < size; i++) {
		if (mm_populate(p->mm, us + i, 1, HAL_FAULT_READ) ||
		    hal_copy_from_user(p->mm->as, buf + i, us + i, 1))
			return -EFAULT;
		if (buf[i] == '\0')
			return (long)i;
	}
	return -ENAMETOOLONG;
}

/* hal/core.h: demand paging for the HAL's user copies. */
int core_user_fault(struct hal_as *as, vaddr_t va, unsigned int access)
{
	struct proc *p = proc_current();

	if (!p || !p->mm || p->mm->as != as)
		return -EFAULT;
	return mm_fault(p->mm, va, access);
}

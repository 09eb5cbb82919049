/*
 * hal/irq.h - the interrupt controller (8259/IOAPIC+LAPIC, GIC, PLIC, XICS,
 * s390 I/O and external interrupt subclasses), seen through one interface.
 * Interrupt numbers are the arch's own flat numbering; hal_irq_xlate() turns
 * a device-tree "interrupts" specifier into one.
 */
#ifndef HAL_IRQ_H
#define HAL_IRQ_H

#include <hal/types.h>

/* Enable / disable delivery of one interrupt.  Any context. */
void hal_irq_unmask(unsigned int irq);
void hal_irq_mask(unsigned int irq);

/*
 * hal_irq_xlate - translate ncells cells of a DT "interrupts" property
 * (already in CPU byte order) into an irq number.  Returns the number, or
 * -EINVAL if the specifier is not one the controller understands.
 */
int hal_irq_xlate(const uint32_t *cells, int ncells);

#endif

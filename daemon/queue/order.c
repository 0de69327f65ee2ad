/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <stddef.h>

#include "order.h"

static void link_after(OrderList *l, OrderNode *after, OrderNode *n) {
        n->prev = after;
        n->next = after ? after->next : l->head;
        if (n->next)
                n->next->prev = n;
        else
                l->tail = n;
        if (after)
                after->next = n;
        else
                l->head = n;
}

void order_insert(OrderList *l, OrderNode *n) {
        OrderNode *after = l->tail;

        assert(l);
        assert(n);

        while (after && after->priority < n->priority)
                after = after->prev;
        link_after(l, after, n);
}

void order_remove(OrderList *l, OrderNode *n) {
        assert(l);
        assert(n);

        if (n->prev)
                n->prev->next = n->next;
        else {
                assert(l->head == n);
                l->head = n->next;
        }
        if (n->next)
                n->next->prev = n->prev;
        else {
                assert(l->tail == n);
                l->tail = n->prev;
        }
        n->prev = n->next = NULL;
}

static bool counts_with(const OrderNode *i, const OrderNode *n) {
        return i->waiting && i->kind == n->kind;
}

uint32_t order_number(const OrderList *l, const OrderNode *n) {
        uint32_t number = 0;

        assert(l);
        assert(n);

        if (!n->waiting)
                return 0;
        order_for_each(l, i) {
                if (counts_with(i, n))
                        number++;
                if (i == n)
                        return number;
        }
        assert(!"node not in its list");
        return 0;
}

void order_set_number(OrderList *l, OrderNode *n, uint32_t number) {
        OrderNode *after = NULL;
        uint32_t seen = 0;

        assert(l);
        assert(n);
        assert(n->waiting);
        assert(number >= 1);

        order_remove(l, n);

        /* Behind the (number − 1)th waiting node of its kind; with fewer than
         * that, behind the last one. Nodes of other kinds in between keep
         * their places. */
        order_for_each(l, i) {
                if (!counts_with(i, n))
                        continue;
                if (seen + 1 >= number)
                        break;
                seen++;
                after = i;
        }
        if (number == 1 || !after) {
                /* Before the first waiting node of its kind, or at the end of
                 * the list when there is none. */
                OrderNode *first = NULL;

                order_for_each(l, i)
                        if (counts_with(i, n)) {
                                first = i;
                                break;
                        }
                link_after(l, first ? first->prev : l->tail, n);
                return;
        }
        link_after(l, after, n);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The order in which a library's requests are served: higher priority
 * first, equal priorities in the order they came, except where an
 * administrator placed one (SetNtmsRequestOrder). A request that came later
 * goes behind the last one of its priority or a higher one, so a request
 * placed first stays first. Order numbers count within one kind of request
 * ("the order number is specific to the type of request") and only the
 * requests still waiting for their turn. Pure list handling, no I/O. */

#include <stdbool.h>
#include <stdint.h>

typedef struct OrderNode OrderNode;

struct OrderNode {
        OrderNode *prev, *next;
        int priority;
        int kind;               /* requests of one kind are numbered together */
        bool waiting;           /* still waiting for its turn: counted in order numbers */
};

typedef struct OrderList {
        OrderNode *head, *tail;
} OrderList;

/* Behind the last node whose priority is at least n's. */
void order_insert(OrderList *l, OrderNode *n);
void order_remove(OrderList *l, OrderNode *n);

/* 1 for the first waiting node of n's kind, 2 for the next …; 0 when n
 * does not wait (it runs: ordering is over for it). */
uint32_t order_number(const OrderList *l, const OrderNode *n);

/* Moves a waiting n so that its order number becomes number (1 or more;
 * beyond the last, it goes behind the last waiting node of its kind). */
void order_set_number(OrderList *l, OrderNode *n, uint32_t number);

#define order_for_each(l, i) for (OrderNode *i = (l)->head; i; i = i->next)

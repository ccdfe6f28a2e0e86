import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Body of `POST /api/orders`. */
export const newOrderSchema = z.object({
  item: z.string().trim().min(1).max(200),
  qty: z.number().int().min(1).max(10_000),
});

/** One stored order (a line of `orders.jsonl` and the value under `orders/<id>` in etcd). */
export const orderSchema = newOrderSchema.extend({
  id: z.string(),
  createdAt: z.string(),
  instance: z.string(),
});

export type NewOrder = z.output<typeof newOrderSchema>;
export type Order = z.output<typeof orderSchema>;

/** Create an order with a sortable, unique id (`ord-<time>-<random>`). */
export function createOrder(input: NewOrder, instance: string, now = new Date()): Order {
  const id = `ord-${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
  return { id, item: input.item, qty: input.qty, createdAt: now.toISOString(), instance };
}

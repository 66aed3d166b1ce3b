import "server-only";
import { cache } from "react";
import { listProducts } from "@/lib/products/list-products";
import { getDb } from "./db";

/** The catalogue, read once per request however many server components ask (the layout, the page). */
export const getProducts = cache(() => listProducts(getDb()));

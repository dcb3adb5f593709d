/**
 * The only door to zustand (a lint rule forbids importing it elsewhere, as excalidraw does with jotai):
 * one place to add middleware, devtools or a different store later.
 */
export { create, type StateCreator, type StoreApi } from 'zustand';
export { useShallow } from 'zustand/react/shallow';

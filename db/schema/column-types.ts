import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL bytea, for stored files: node-postgres reads a Buffer, PGlite a Uint8Array; both are Uint8Arrays. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

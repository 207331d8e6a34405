/** A customer (`cust_…`). Timestamps are epoch milliseconds; address and metadata are JSON text. */
export interface CustomersTable {
  id: string;
  project_id: string;
  source_id: string | null;
  name: string | null;
  description: string | null;
  email: string | null;
  phone: string | null;
  /** Deprecated by Voucherify in favour of birthdate; kept as given. */
  birthday: string | null;
  birthdate: string | null;
  address: string | null;
  /** `address.city`, copied out so that lists can filter on it. */
  city: string | null;
  metadata: string;
  created_at: number;
  updated_at: number | null;
  /** Set by DELETE; the row stays (invisible to the API) until a permanent deletion removes it. */
  deleted_at: number | null;
}

/** A customer created through `/client/v1` with double opt-in (`ucust_…`), waiting for confirmation. */
export interface UnconfirmedCustomersTable {
  id: string;
  project_id: string;
  source_id: string | null;
  email: string | null;
  /** The create request's body, JSON text; confirming creates (or updates) the customer from it. */
  payload: string;
  created_at: number;
}

export type CustomerRow = CustomersTable;
export type UnconfirmedCustomerRow = UnconfirmedCustomersTable;

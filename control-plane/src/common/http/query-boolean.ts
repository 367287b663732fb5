/** Query strings arrive as text; only the literal words true/false become booleans (anything else fails validation). */
export const queryBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
export const BOOLEAN_RULE = { message: 'must be true or false.' };

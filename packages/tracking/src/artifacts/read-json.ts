/**
 * The JSON object of an answer; MLflow answers some calls with an empty body instead of
 * `{}`, and omits empty fields, so every field of the result is optional.
 */
export async function readJson<T extends object>(response: Response): Promise<Partial<T>> {
  const text = await response.text();
  if (text.trim() === '') return {};
  return JSON.parse(text) as Partial<T>;
}

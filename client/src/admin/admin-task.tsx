// What every admin tab shares: running an action with its note or error shown, and the search form.
import { useState } from "preact/hooks";
import { tt } from "./admin-i18n";
import { adminError } from "./admin-state";

/** `act` runs a task and reports it (`done` on success, the API's words on failure); `fail` reports an error of the tab's own. */
export function useTask() {
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function act(task: () => Promise<unknown>, done?: string) {
    setError(null);
    setNote(null);
    try {
      await task();
      if (done) setNote(done);
    } catch (err) {
      setError(adminError(err));
    }
  }
  const messages = (
    <>
      {note && <p role="status">{note}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
  return { act, messages };
}

/** A substring search: the field and its button; submitting runs `onSearch`. */
export function SearchForm(props: { query: string; onQuery: (q: string) => void; onSearch: () => void; testId?: string }) {
  return (
    <form
      class="row wrap"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch();
      }}
    >
      <label class="grow">
        <span class="sr-only">{tt("search")}</span>
        <input
          type="search"
          value={props.query}
          placeholder={tt("search")}
          aria-label={tt("search")}
          onInput={(e) => props.onQuery(e.currentTarget.value)}
          data-testid={props.testId}
        />
      </label>
      <button type="submit">{tt("search")}</button>
    </form>
  );
}

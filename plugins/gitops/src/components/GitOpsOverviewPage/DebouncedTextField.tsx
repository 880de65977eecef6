import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import TextField from '@material-ui/core/TextField';

/** Waits for a pause in typing before reporting, so the backend gets one request per search. */
export const SEARCH_DEBOUNCE_MS = 400;

export function DebouncedTextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  const { value, onChange } = props;
  const [text, setText] = useState(value);
  // Follow the URL when it changes from elsewhere (back button, a status chip).
  useEffect(() => setText(value), [value]);
  useDebounce(
    () => {
      if (text.trim() !== value) {
        onChange(text);
      }
    },
    SEARCH_DEBOUNCE_MS,
    [text],
  );
  return (
    <TextField
      id={`gitops-filter-${props.label.toLowerCase()}`}
      label={props.label}
      placeholder={props.placeholder}
      value={text}
      onChange={e => setText(e.target.value)}
      size="small"
      variant="outlined"
    />
  );
}

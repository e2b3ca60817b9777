// `import 'react-realtime-kit/styles.css'` adds the components' styles; the import has no bindings.
export {}

// Importing react-realtime-kit/styles.css adds the components' styles; that import has no bindings.
export {}

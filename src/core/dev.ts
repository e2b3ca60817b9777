/**
 * Development builds (every bundler replaces `process.env.NODE_ENV`) explain each
 * error in full; production builds keep a short message, so the explanations cost no
 * bytes there. Written `DEV ? long : short` at each use: a minifier then drops the
 * long text (a helper function would keep both). The error's `kind`, `status`, `code`
 * and `cause` are the same in both builds.
 */
export const DEV = process.env.NODE_ENV !== 'production'

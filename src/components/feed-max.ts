/** How many items `<Feed>` keeps by default. Its own module so servers can read it without the component. */
export const DEFAULT_FEED_MAX = 50

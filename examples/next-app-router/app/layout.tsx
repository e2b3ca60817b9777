import type { ReactNode } from 'react'
import 'react-realtime-kit/styles.css'

export const metadata = { title: 'react-realtime-kit on Next.js' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}

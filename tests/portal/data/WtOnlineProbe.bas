Attribute VB_Name = "WtOnlineProbe"
Option Explicit

' Test only: applies the canned answer in probe!A1 and writes what it did into probe!B1:B6.
Public Sub ApplyCanned()
    Dim probe As Worksheet, form As Worksheet, n As Long
    Set probe = ThisWorkbook.Worksheets("probe")
    Set form = ThisWorkbook.Worksheets(WtOnlineText("81EA 8BC4 8868"))
    n = WtApplyAnswer(probe.Range("A1").Value)
    probe.Range("B1").Value = CStr(n)
    probe.Range("B2").Value = CStr(form.Range("J6").Interior.Color)
    probe.Range("B3").Value = form.Range("J6").Comment.Text
    probe.Range("B4").Value = CStr(form.Range("B14").Interior.Color)
    probe.Range("B5").Value = WtFinding(1)
    probe.Range("B6").Value = CStr(form.Range("C3").Interior.Color)
End Sub
